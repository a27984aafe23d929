package io.driftwatch.core.event;

/** What {@link PatientEventParser#parse(byte[])} returns: a {@link PatientEvent} or a {@link Rejection}. */
public sealed interface ParseResult permits PatientEvent, Rejection {}
