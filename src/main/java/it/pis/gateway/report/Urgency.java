package it.pis.gateway.report;

public enum Urgency {
    EMERGENCY, URGENT, ORDINARY
}
