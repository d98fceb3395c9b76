/**
 * Reports: log-log figures (PNG and SVG, deterministic bytes for the same data) and a small
 * report model rendered to Markdown ({@code report.md}) and JSON ({@code report.json}), written
 * atomically into an output directory. Used by the {@code reproduce} command to show the rates of
 * {@link org.rlhfbounds.rates} next to the seed's claims and the project's bounds.
 */
package org.rlhfbounds.report;
