package org.rlhfbounds.report;

import java.util.List;
import org.rlhfbounds.bounds.SeedClaim;
import org.rlhfbounds.bounds.SeedClaims;
import org.rlhfbounds.rates.BootstrapInterval;

/**
 * The first section of the {@code reproduce} report: the seed's claims ({@link SeedClaims#ALL})
 * against the run, one row per fitted rate that the experiments returned, with the fitted exponent,
 * its bootstrap interval and the verdict. It runs nothing itself, so it is built after the
 * experiments but placed first.
 *
 * <p>Thread-safe: stateless.
 */
final class ClaimsSection {
  private ClaimsSection() {}

  /**
   * Builds the section.
   *
   * @param rows the claim rows of every experiment, in run order
   * @return the section
   */
  static Section of(List<ClaimRow> rows) {
    Table.Builder t =
        Table.builder(
            "The seed's claims (SeedClaims.ALL) against this run: the exponent of the claimed rate"
                + " in the variable swept, the fitted log-log slope with its 95% percentile"
                + " bootstrap interval, and the verdict (CONSISTENT: the claimed exponent lies in"
                + " the interval; FASTER: the measured quantity decays faster; SLOWER: slower).",
            "claim",
            "statement",
            "setting",
            "quantity fitted",
            "claimed exponent",
            "measured exponent",
            "interval low",
            "interval high",
            "verdict");
    for (ClaimRow r : rows) {
      BootstrapInterval ci = r.fit().interval();
      t.row(
          r.claim().id(),
          r.claim().statement(),
          r.setting(),
          r.quantity(),
          r.claimed(),
          ci.estimate(),
          ci.lower(),
          ci.upper(),
          r.verdict().name());
    }
    Section.Builder s = Section.builder("Seed claims");
    s.paragraph(
        "Every number below is computed in this run. Populations are finite (uniform over M"
            + " prompts), so F, eps_n and every population quantity are exact; samples are"
            + " drawn iid from them. A verdict is about the measured range only.");
    s.table(t.build());
    StringBuilder claimed = new StringBuilder("Claims checked: ");
    for (int i = 0; i < SeedClaims.ALL.size(); i++) {
      SeedClaim c = SeedClaims.ALL.get(i);
      claimed.append(i == 0 ? "" : "; ").append('`').append(c.id()).append("` (")
          .append(c.quantity()).append(", proved by ").append(c.provedBy()).append(')');
    }
    s.paragraph(claimed.toString() + ".");
    return s.build();
  }
}
