package it.pis.gateway.report;

public enum IdentifierType {
    CF, STP, ENI, NONE
}
