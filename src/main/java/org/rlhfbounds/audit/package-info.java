/**
 * The assumption auditor: reads nothing itself, but takes a feature export ({@link
 * org.rlhfbounds.model.io.FeatureExport}), accumulates a mergeable per-chunk summary of it in one
 * streaming pass ({@link org.rlhfbounds.audit.ChunkSummary}, {@link
 * org.rlhfbounds.audit.Summaries}), and checks the theorems' assumptions on it with margins ({@link
 * org.rlhfbounds.audit.Audit}): the feature bound, the per-prompt rank, the coverage of {@code
 * Sigma_S(0)} decided by the library's kernel policy and certified from below including the
 * assembly's rounding ({@link org.rlhfbounds.audit.AssemblyCertificate}, proofs/AUDIT-CERT.md).
 * With the reward model ({@code theta*}, {@code beta}, {@code w_ref}), {@link
 * org.rlhfbounds.audit.TheoremAudit} adds the coverage at {@code w_ref} and {@code w*}, eps_n on
 * held-out prompts, and every theorem evaluated on the audited sample.
 */
package org.rlhfbounds.audit;
