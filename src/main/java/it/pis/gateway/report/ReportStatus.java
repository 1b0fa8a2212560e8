package it.pis.gateway.report;

public enum ReportStatus {
    NEW, TAKEN, CLOSED
}
