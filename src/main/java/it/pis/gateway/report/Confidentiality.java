package it.pis.gateway.report;

public enum Confidentiality {
    NORMAL, RESTRICTED, VERY_RESTRICTED
}
