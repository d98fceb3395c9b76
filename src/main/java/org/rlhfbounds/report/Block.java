package org.rlhfbounds.report;

/**
 * A block of a report {@link Section}: {@link Paragraph}, {@link Table} or {@link Figure}.
 * Implemented only in this package.
 */
public interface Block {}
