/**
 * QuickTheories adapters of the test kit: {@code Gen}s of instances with known answers that
 * shrink within their declared coverage class. QuickTheories is an optional dependency of
 * rlhf-bounds: only code that uses this package needs it on the class path.
 */
package org.rlhfbounds.testkit.quicktheories;
