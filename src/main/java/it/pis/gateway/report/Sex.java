package it.pis.gateway.report;

public enum Sex {
    M, F, OTHER, UNKNOWN
}
