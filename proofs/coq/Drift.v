(** * Scalar steps of LEMMA-DRIFT, MEASURE and of the leakage forms of the theorems

    As in Scalar.v, a lemma named [<PROOF_FILE>_<step>] is one real-number step of the proof
    file of that name: the norms, projections, expectations and Minkowski's inequality stay on
    paper (proofs/README.md, "What remains on paper"); the recursions and the algebra from them to
    the stated numbers are checked here. Sequences are indexed by nat: [x t] is the quantity at
    step t, [sum0 z T] sums z over t = 0..T-1, [sum1]/[prod1] over t = 1..T (Scalar.v). *)

Require Import Reals Psatz.
From RlhfBounds Require Import Scalar.
Open Scope R_scope.

(** ** Helpers *)

Lemma sum1_nonneg : forall f n, (forall i, 0 <= f i) -> 0 <= sum1 f n.
Proof. intros f n H; induction n as [|n IH]; simpl; [lra|]. specialize (H (S n)); lra. Qed.

Lemma prod1_nonneg : forall f n, (forall i, 0 <= f i) -> 0 <= prod1 f n.
Proof.
  intros f n H; induction n as [|n IH]; simpl; [lra|].
  apply Rmult_le_pos; [exact IH|apply H].
Qed.

Lemma abs_le_bounds : forall x a, Rabs x <= a -> - a <= x <= a.
Proof. intros x a H; unfold Rabs in H; destruct (Rcase_abs x); lra. Qed.

(** sum_{s<T} rho^s (1 - rho) = 1 - rho^T. *)
Lemma geometric_sum : forall rho T,
  sum0 (fun s => rho ^ s) T * (1 - rho) = 1 - rho ^ T.
Proof. intros rho T; induction T as [|T IH]; simpl; [ring|]. rewrite Rmult_plus_distr_r, IH; ring. Qed.

(** ** LEMMA-DRIFT *)

(** Item 1: a non-expansive step plus a perturbation z_t, summed: x_T <= x_0 + sum_{t<T} z_t
    (||e_t|| <= D0 + t xi, and the P_U and P_R radii Q and Dbar). *)
Lemma LEMMA_DRIFT_nonexpansive_sum : forall (x z : nat -> R),
  (forall t, x (S t) <= x t + z t) ->
  forall T, x T <= x O + sum0 z T.
Proof.
  intros x z H T; induction T as [|T IH]; simpl; [lra|].
  specialize (H T); lra.
Qed.

(** Item 1, the P_U radius: a step that adds at most eta_t k + xi gives
    x_T <= x_0 + k E_T + T xi, E_T = sum_{t<T} eta_t (with k = beta ell D0' for Q and
    k = beta ell Q for Dbar; k = 0 gives ||e_T|| <= D0 + T xi = D0'). *)
Lemma LEMMA_DRIFT_leakage_sum : forall (x eta : nat -> R) k xi,
  (forall t, x (S t) <= x t + eta t * k + xi) ->
  forall T, x T <= x O + k * sum0 eta T + INR T * xi.
Proof.
  intros x eta k xi H T.
  pose proof (LEMMA_DRIFT_nonexpansive_sum x (fun t => eta t * k + xi)
                ltac:(intros t; specialize (H t); lra) T) as HT.
  assert (E : forall n, sum0 (fun t => eta t * k + xi) n = k * sum0 eta n + INR n * xi).
  { intros n; induction n as [|n IH]; cbn [sum0]; [simpl; ring|].
    rewrite IH, S_INR; ring. }
  rewrite E in HT; lra.
Qed.

(** Item 1, the minimum: a radius bounded by two quantities is bounded by their minimum
    (Q = min(D0', ...), Dbar = min(D0', ...)). *)
Lemma LEMMA_DRIFT_min_radius : forall x a b, x <= a -> x <= b -> x <= Rmin a b.
Proof. intros; now apply Rmin_glb. Qed.

(** Item 2: x_{t+1} <= rho x_t + zeta with rho in [0, 1), zeta >= 0 and x_0 <= D unrolls to
    x_T <= rho^T D + zeta / (1 - rho). *)
Lemma LEMMA_DRIFT_unroll : forall (x : nat -> R) rho zeta D,
  0 <= rho < 1 -> 0 <= zeta -> x O <= D ->
  (forall t, x (S t) <= rho * x t + zeta) ->
  forall T, x T <= rho ^ T * D + zeta / (1 - rho).
Proof.
  intros x rho zeta D Hr Hz H0 Hs T.
  assert (Hu : forall n, x n <= rho ^ n * D + zeta * sum0 (fun s => rho ^ s) n).
  { intros n; induction n as [|n IH]; simpl; [lra|].
    specialize (Hs n).
    assert (rho * x n <= rho * (rho ^ n * D + zeta * sum0 (fun s => rho ^ s) n))
      by (apply Rmult_le_compat_l; lra).
    assert (E : sum0 (fun s => rho ^ s) n + rho ^ n
                = 1 + rho * sum0 (fun s => rho ^ s) n).
    { apply (Rmult_eq_reg_r (1 - rho)); [|lra].
      rewrite Rmult_plus_distr_r, geometric_sum.
      replace ((1 + rho * sum0 (fun s => rho ^ s) n) * (1 - rho))
        with (1 - rho + rho * (sum0 (fun s => rho ^ s) n * (1 - rho))) by ring.
      rewrite geometric_sum; simpl; ring. }
    rewrite E. nra. }
  specialize (Hu T).
  assert (Hg : sum0 (fun s => rho ^ s) T <= 1 / (1 - rho)).
  { pose proof (geometric_sum rho T) as G.
    pose proof (pow_le rho T (proj1 Hr)).
    apply (Rmult_le_reg_r (1 - rho)); [lra|].
    rewrite G; field_simplify; lra. }
  assert (zeta * sum0 (fun s => rho ^ s) T <= zeta * (1 / (1 - rho)))
    by (apply Rmult_le_compat_l; lra).
  replace (zeta / (1 - rho)) with (zeta * (1 / (1 - rho))) by (field; lra).
  lra.
Qed.

(** Item 2 with rho = 1 - eta c: eta c in (0, 1] gives rho in [0, 1) and
    ||P_R e_T|| <= a_T = rho^T D_perp + zeta / (eta c). *)
Lemma LEMMA_DRIFT_ga_radius : forall (x : nat -> R) eta c zeta D,
  0 < eta * c <= 1 -> 0 <= zeta -> x O <= D ->
  (forall t, x (S t) <= (1 - eta * c) * x t + zeta) ->
  forall T, x T <= (1 - eta * c) ^ T * D + zeta / (eta * c).
Proof.
  intros x eta c zeta D Hc Hz H0 Hs T.
  replace (eta * c) with (1 - (1 - eta * c)) at 2 by ring.
  apply LEMMA_DRIFT_unroll; auto; lra.
Qed.

(** Item 2, the contraction factor: eigenvalues of P_R A_t P_R in [c, lambdaBar] with
    eta lambdaBar <= 1 put those of I - eta P_R A_t P_R in [0, 1 - eta c], and the three-term
    decomposition gives rho x + (eta beta ell Q + xi). *)
Lemma LEMMA_DRIFT_three_terms : forall eta c lam lbar x y u xi next,
  0 < eta -> eta * lbar <= 1 -> c <= lam <= lbar -> 0 <= x ->
  next <= (1 - eta * lam) * x + eta * u + xi -> u <= y ->
  next <= (1 - eta * c) * x + (eta * y + xi).
Proof.
  intros eta c lam lbar x y u xi next He Hl Hc Hx Hn Hu.
  assert (0 <= eta * (lam - c) * x) by (apply Rmult_le_pos; [apply Rmult_le_pos|]; lra).
  assert (eta * u <= eta * y) by (apply Rmult_le_compat_l; lra).
  nra.
Qed.

(** Item 3: s_t <= sqrt(1 - q_t) s_{t-1} + z_t with q_t in [0, 1] and z_t >= 0 unrolls to
    s_T <= sqrt(prod_{t=1}^T (1 - q_t)) s_0 + sum_{t=1}^T z_t (each later product of factors
    sqrt(1 - q) is at most 1). *)
Lemma LEMMA_DRIFT_minkowski_recursion : forall (s q z : nat -> R),
  (forall t, 0 <= q t <= 1) -> (forall t, 0 <= z t) ->
  (forall t, s (S t) <= sqrt (1 - q (S t)) * s t + z (S t)) ->
  forall T, s T <= sqrt (prod1 (fun t => 1 - q t) T) * s O + sum1 z T.
Proof.
  intros s q z Hq Hz Hs T; induction T as [|T IH]; simpl.
  - rewrite sqrt_1; lra.
  - specialize (Hs T).
    pose proof (Hq (S T)) as HqT.
    assert (Hp : 0 <= prod1 (fun t => 1 - q t) T)
      by (apply prod1_nonneg; intros i; specialize (Hq i); lra).
    rewrite sqrt_mult_alt by exact Hp.
    pose proof (sqrt_pos (1 - q (S T))) as H0.
    assert (H1 : sqrt (1 - q (S T)) <= 1).
    { pose proof (sqrt_le_1_alt (1 - q (S T)) 1 ltac:(lra)) as H1; now rewrite sqrt_1 in H1. }
    pose proof (sum1_nonneg z T Hz) as Hsum.
    assert (sqrt (1 - q (S T)) * s T
            <= sqrt (1 - q (S T)) * (sqrt (prod1 (fun t => 1 - q t) T) * s O + sum1 z T))
      by (apply Rmult_le_compat_l; lra).
    assert (sqrt (1 - q (S T)) * sum1 z T <= sum1 z T) by nra.
    nra.
Qed.

(** Item 3, the per-step perturbation eta_t beta ell Q + xi summed over t = 1..T is
    beta ell Q E_T + T xi. *)
Lemma LEMMA_DRIFT_perturbation_sum : forall (eta : nat -> R) k xi T,
  sum1 (fun t => eta t * k + xi) T = k * sum1 eta T + INR T * xi.
Proof.
  intros eta k xi T; induction T as [|T IH]; cbn [sum1]; [simpl; ring|].
  rewrite IH, S_INR; ring.
Qed.

(** Item 4, the tolerance chain: ||g_sel|| <= ||g~_sel|| + tol <= ||g~_T|| + tol
    <= ||g_T|| + 2 tol. *)
Lemma LEMMA_DRIFT_selection_tolerance : forall gsel gsel' gT gT' tol,
  Rabs (gsel - gsel') <= tol -> gsel' <= gT' -> Rabs (gT - gT') <= tol ->
  gsel <= gT + 2 * tol.
Proof.
  intros gsel gsel' gT gT' tol H1 H2 H3.
  apply abs_le_bounds in H1; apply abs_le_bounds in H3; lra.
Qed.

(** Item 4: beta (Lambda x + ell Q) + 2 tol >= g >= c y - beta ell Q with c > 0 gives
    y <= K x + b, K = beta Lambda / c, b = 2 (beta ell Q + tol) / c. *)
Lemma LEMMA_DRIFT_selection : forall beta lam x ell Q tol g c y,
  0 < c ->
  g <= beta * (lam * x + ell * Q) + 2 * tol ->
  c * y - beta * ell * Q <= g ->
  y <= beta * lam * x / c + 2 * (beta * ell * Q + tol) / c.
Proof.
  intros beta lam x ell Q tol g c y Hc H1 H2.
  apply (Rmult_le_reg_l c); [lra|].
  replace (c * (beta * lam * x / c + 2 * (beta * ell * Q + tol) / c))
    with (beta * lam * x + 2 * (beta * ell * Q + tol)) by (field; lra).
  lra.
Qed.

(** Item 4, with the GA radius: K >= 0 and ||P_R e_T|| <= a_T give
    ||P_R e_sel|| <= min(Dbar, K a_T + b). *)
Lemma LEMMA_DRIFT_selection_radius : forall K b x aT y Dbar,
  0 <= K -> x <= aT -> y <= K * x + b -> y <= Dbar ->
  y <= Rmin Dbar (K * aT + b).
Proof.
  intros K b x aT y Dbar HK Hx Hy HD.
  apply Rmin_glb; [exact HD|].
  assert (K * x <= K * aT) by (apply Rmult_le_compat_l; lra).
  lra.
Qed.

(** Item 5: steps with F_{t+1} >= F_t + (eta/2) g2_t - G xi, summed, and F_T <= F(w* ):
    (eta/2) sum_{t<T} g2_t <= F(w* ) - F_0 + T G xi. *)
Lemma LEMMA_DRIFT_descent_sum : forall (F g2 : nat -> R) eta G xi Fstar T,
  (forall t, F t + eta / 2 * g2 t - G * xi <= F (S t)) -> F T <= Fstar ->
  eta / 2 * sum0 g2 T <= Fstar - F O + INR T * (G * xi).
Proof.
  intros F g2 eta G xi Fstar T Hs Hmax.
  assert (Hu : forall n, F O + eta / 2 * sum0 g2 n - INR n * (G * xi) <= F n).
  { intros n; induction n as [|n IH]; cbn [sum0]; [simpl; lra|].
    specialize (Hs n); rewrite S_INR; lra. }
  specialize (Hu T); lra.
Qed.

(** Item 5, the descent with rounding: the exact step gains (eta/2) ||g||^2 (T-GA-SEED's
    descent step) and the computed point, xi away, loses at most G xi. *)
Lemma LEMMA_DRIFT_rounded_descent : forall eta g2 F0 Fexact F1 G xi,
  F0 + eta / 2 * g2 <= Fexact -> Rabs (F1 - Fexact) <= G * xi ->
  F0 + eta / 2 * g2 - G * xi <= F1.
Proof. intros eta g2 F0 Fexact F1 G xi H1 H2. apply abs_le_bounds in H2; lra. Qed.

(** ** LEMMA-K (general split) *)

(** Item 2: <e, d_ab> = <e_R, d_ab> + <e_U, P_U d_ab> with |<e_R, d_ab>| <= ||e_R|| ||d_ab||,
    |<e_U, P_U d_ab>| <= ||e_U|| ||P_U d_ab|| (Cauchy-Schwarz) and ||e_R|| <= r, ||d_ab|| <= diam,
    ||e_U|| <= q, ||P_U d_ab|| <= mu: the logit range is at most X = diam r + mu q. *)
Lemma LEMMA_K_leakage_range : forall a b eR dab eU pdab diam r mu q,
  Rabs a <= eR * dab -> Rabs b <= eU * pdab ->
  0 <= eR <= r -> 0 <= dab <= diam -> 0 <= eU <= q -> 0 <= pdab <= mu ->
  Rabs (a + b) <= diam * r + mu * q.
Proof.
  intros a b eR dab eU pdab diam r mu q Ha Hb HeR Hd HeU Hp.
  assert (eR * dab <= r * diam) by (apply Rmult_le_compat; lra).
  assert (eU * pdab <= q * mu) by (apply Rmult_le_compat; lra).
  pose proof (Rabs_triang a b); lra.
Qed.

(** Item 6: |Cov(A, C)| <= sqrt(Var A Var C) with Var A <= diam^2/4, Var C <= mu^2/4
    (Popoviciu) gives |Cov(A, C)| <= diam mu / 4 = ell. *)
Lemma LEMMA_K_cauchy_schwarz_cov : forall cov va vb diam mu,
  0 <= diam -> 0 <= mu -> 0 <= va <= diam ^ 2 / 4 -> 0 <= vb <= mu ^ 2 / 4 ->
  Rabs cov <= sqrt (va * vb) -> Rabs cov <= diam * mu / 4.
Proof.
  intros cov va vb diam mu Hd Hm Ha Hb H.
  apply (Rle_trans _ _ _ H).
  replace (diam * mu / 4) with (sqrt ((diam * mu / 4) ^ 2))
    by (rewrite sqrt_pow2; [reflexivity|]; apply Rmult_le_pos; [nra|lra]).
  apply sqrt_le_1_alt.
  replace ((diam * mu / 4) ^ 2) with (diam ^ 2 / 4 * (mu ^ 2 / 4)) by field.
  apply Rmult_le_compat; lra.
Qed.

(** Item 6, averaging: prompts each with ||Sigma_{x_i} P_U|| <= ell give an average at most ell. *)
Lemma LEMMA_K_leakage_average : forall (s : nat -> R) ell n,
  (0 < n)%nat -> (forall i, s i <= ell) -> sum0 s n / INR n <= ell.
Proof.
  intros s ell n Hn Hs.
  assert (Hn' : 0 < INR n) by (apply lt_0_INR; exact Hn).
  assert (Hsum : forall m, sum0 s m <= INR m * ell).
  { intros m; induction m as [|m IH]; cbn [sum0]; [simpl; lra|].
    rewrite S_INR; specialize (Hs m); lra. }
  apply (Rmult_le_reg_r (INR n)); [exact Hn'|].
  replace (sum0 s n / INR n * INR n) with (sum0 s n) by (field; lra).
  specialize (Hsum n); lra.
Qed.

(** Item 7: ||grad|| >= beta (||P_R Sigma P_R e_R|| - ||P_R Sigma P_U e_U||) with
    ||P_R Sigma P_R e_R|| >= e^{-X} kappa+ ||e_R|| and ||P_R Sigma P_U e_U|| <= ell ||e_U|| <= ell q:
    the lower gradient bound. *)
Lemma LEMMA_K_gradient_lower : forall beta g m1 m2 kX eR ell eU q,
  0 <= beta -> beta * (m1 - m2) <= g -> kX * eR <= m1 -> m2 <= ell * eU ->
  0 <= ell -> eU <= q ->
  beta * (kX * eR - ell * q) <= g.
Proof.
  intros beta g m1 m2 kX eR ell eU q Hb Hg H1 H2 Hl Hq.
  assert (ell * eU <= ell * q) by (apply Rmult_le_compat_l; lra).
  assert (kX * eR - ell * q <= m1 - m2) by lra.
  assert (beta * (kX * eR - ell * q) <= beta * (m1 - m2)) by (apply Rmult_le_compat_l; lra).
  lra.
Qed.

(** ** T-OPT (general split) *)

(** g >= beta (e^{-X} kappa+ r - ell q) solved for the radius:
    ||P_R e|| <= (g + beta ell q) e^X / (beta kappa+), and with ||P_R e|| <= D the minimum. *)
Lemma T_OPT_leakage_radius : forall beta kappa X eR ell q g D,
  0 < beta -> 0 < kappa -> eR <= D ->
  beta * (exp (- X) * kappa * eR - ell * q) <= g ->
  eR <= Rmin D ((g + beta * ell * q) * exp X / (beta * kappa)).
Proof.
  intros beta kappa X eR ell q g D Hb Hk HD H.
  apply Rmin_glb; [exact HD|].
  pose proof (exp_pos X) as HX.
  rewrite exp_Ropp in H.
  apply (Rmult_le_reg_r (beta * kappa * / exp X)).
  - apply Rmult_lt_0_compat; [nra|]; now apply Rinv_0_lt_compat.
  - replace ((g + beta * ell * q) * exp X / (beta * kappa) * (beta * kappa * / exp X))
      with (g + beta * ell * q) by (field; split; [lra|split; lra]).
    replace (beta * (/ exp X * kappa * eR - ell * q))
      with (eR * (beta * kappa * / exp X) - beta * ell * q) in H by ring.
    lra.
Qed.

(** The gap with the general split: the larger of the lower core (with sqrt(eps_n)) and the
    upper core (with mu) is at most the core with max(mu, sqrt(eps_n)) (T-GA-SEED's y',
    T-SGA-SEED's z'). *)
Lemma T_OPT_max_core : forall beta d r q mu s,
  0 <= beta -> 0 <= d -> 0 <= r -> 0 <= q -> 0 <= mu -> 0 <= s ->
  Rmax (beta * (d * r + q * s) ^ 2 / 8) (beta * (d * r + mu * q) ^ 2 / 8)
  <= beta * (d * r + Rmax mu s * q) ^ 2 / 8.
Proof.
  intros beta d r q mu s Hb Hd Hr Hq Hm Hs.
  assert (Hdr : 0 <= d * r) by (apply Rmult_le_pos; lra).
  pose proof (Rmax_l mu s); pose proof (Rmax_r mu s).
  assert (q * s <= Rmax mu s * q) by nra.
  assert (mu * q <= Rmax mu s * q) by nra.
  assert (0 <= q * s) by nra. assert (0 <= mu * q) by nra.
  apply Rmax_lub; apply Rmult_le_compat_r; try lra; apply Rmult_le_compat_l; try lra; nra.
Qed.

(** ** T-GA-SEED and T-SGA-SEED: the extra term *)

(** (a + y)^2 = a^2 + y (2a + y); with beta diam^2 a^2 / 8 = c1 / T and y = diam b + mu Q:
    beta (diam (a + b) + mu Q)^2 / 8 = c1 / T + beta y (2 diam a + y) / 8. *)
Lemma T_GA_SEED_extra_split : forall beta diam a b muQ y c1 T,
  y = diam * b + muQ -> beta * diam ^ 2 * a ^ 2 / 8 = c1 / T ->
  (diam * a + y) ^ 2 = (diam * a) ^ 2 + y * (2 * (diam * a) + y) /\
  beta * (diam * (a + b) + muQ) ^ 2 / 8 = c1 / T + beta * y * (2 * diam * a + y) / 8.
Proof.
  intros beta diam a b muQ y c1 T Hy Hc; split; [ring|].
  rewrite <- Hc, Hy; field.
Qed.

(** beta diam^2 a^2 / 8 = c1 / T with a = sqrt(2 Delta0' / (eta T)) / c and
    c1 = beta diam^2 Delta0' / (4 eta c^2). *)
Lemma T_GA_SEED_extra_constant : forall beta diam Delta eta c T,
  0 <= Delta -> 0 < eta -> 0 < c -> 0 < T ->
  let a := sqrt (2 * Delta / (eta * T)) / c in
  beta * diam ^ 2 * a ^ 2 / 8 = (beta * diam ^ 2 * Delta / (4 * eta * c ^ 2)) / T.
Proof.
  intros beta diam Delta eta c T HD He Hc HT a; unfold a.
  unfold Rdiv at 2; rewrite Rpow_mult_distr, pow2_sqrt.
  - field; repeat split; lra.
  - apply Rmult_le_pos; [lra|]; apply Rlt_le, Rinv_0_lt_compat; nra.
Qed.

(** The radius a + b: sqrt(2 Delta0' / (eta T)) bounds the best gradient, and item 4 of
    LEMMA-DRIFT with that gradient gives ||P_R e_sel|| <= (gmin + 2 tol + beta ell Q) / c = a + b. *)
Lemma T_GA_SEED_leakage_radius : forall c y gsel gmin tol beta ell Q,
  0 < c -> c * y - beta * ell * Q <= gsel -> gsel <= gmin + 2 * tol ->
  y <= gmin / c + (2 * tol + beta * ell * Q) / c.
Proof.
  intros c y gsel gmin tol beta ell Q Hc H1 H2.
  apply (Rmult_le_reg_l c); [lra|].
  replace (c * (gmin / c + (2 * tol + beta * ell * Q) / c))
    with (gmin + 2 * tol + beta * ell * Q) by (field; lra).
  lra.
Qed.

(** The same split with x, z = diam y + mu Q and beta diam^2 x^2 / 8 = c1 T^{-1/8} (any k). *)
Lemma T_SGA_SEED_extra_split : forall beta diam x y muQ z k,
  z = diam * y + muQ -> beta * diam ^ 2 * x ^ 2 / 8 = k ->
  (diam * x + z) ^ 2 = (diam * x) ^ 2 + z * (2 * (diam * x) + z) /\
  beta * (diam * (x + y) + muQ) ^ 2 / 8 = k + beta * z * (2 * diam * x + z) / 8.
Proof.
  intros beta diam x y muQ z k Hz Hk; split; [ring|].
  rewrite <- Hk, Hz; field.
Qed.

(** K s_T + b = K P_T^{1/2} D_perp + y with y = K (beta ell Q E_T + T xi) + b, and
    K P_T^{1/2} D_perp <= x gives K s_T + b <= x + y. *)
Lemma T_SGA_SEED_radius_split : forall K P D m b x,
  K * sqrt P * D <= x ->
  K * (sqrt P * D + m) + b <= x + (K * m + b).
Proof. intros; nra. Qed.

(** A radius below x + y keeps the core below the split's value (the core is increasing). *)
Lemma T_SGA_SEED_core_monotone : forall beta diam r x y muQ,
  0 <= beta -> 0 <= diam -> 0 <= r <= x + y -> 0 <= muQ ->
  beta * (diam * r + muQ) ^ 2 / 8 <= beta * (diam * (x + y) + muQ) ^ 2 / 8.
Proof.
  intros beta diam r x y muQ Hb Hd Hr Hm.
  assert (diam * r <= diam * (x + y)) by (apply Rmult_le_compat_l; lra).
  assert (0 <= diam * r) by nra.
  apply Rmult_le_compat_r; [lra|]; apply Rmult_le_compat_l; [lra|]; nra.
Qed.

(** ** MEASURE *)

Lemma sum0_plus : forall f g n, sum0 (fun i => f i + g i) n = sum0 f n + sum0 g n.
Proof. intros f g n; induction n as [|n IH]; simpl; [ring|]. rewrite IH; ring. Qed.

Lemma sum0_scale : forall f k n, sum0 (fun i => k * f i) n = k * sum0 f n.
Proof. intros f k n; induction n as [|n IH]; simpl; [ring|]. rewrite IH; ring. Qed.

Lemma sum0_ext : forall f g n, (forall i, f i = g i) -> sum0 f n = sum0 g n.
Proof. intros f g n H; induction n as [|n IH]; simpl; [reflexivity|]. now rewrite IH, H. Qed.

(** The identity: with sum_a q_a = 1 and sum_a q_a r_a = 1 (r_a = p_a / q_a),
    sum_a q_a r_a ln r_a = sum_a q_a (r_a ln r_a - r_a + 1): the KL as a sum of the terms
    q_a h(r_a - 1). *)
Lemma MEASURE_kl_identity : forall (q r : nat -> R) n,
  (forall a, 0 < q a) -> (forall a, 0 < r a) ->
  sum0 q n = 1 -> sum0 (fun a => q a * r a) n = 1 ->
  sum0 (fun a => q a * r a * ln (r a)) n
  = sum0 (fun a => q a * (r a * ln (r a) - r a + 1)) n.
Proof.
  intros q r n _ _ Hq Hr.
  rewrite (sum0_ext (fun a => q a * (r a * ln (r a) - r a + 1))
                    (fun a => q a * r a * ln (r a) + (-1 * (q a * r a) + q a))).
  - rewrite sum0_plus, sum0_plus, sum0_scale, Hq, Hr; ring.
  - intros a; ring.
Qed.

(** With p_a = q_a r_a: KL(p || q) = sum_a p_a ln r_a is the left side of the identity. *)
Lemma MEASURE_kl_as_ratio : forall (p q r : nat -> R) n,
  (forall a, 0 < q a) -> (forall a, r a = p a / q a) ->
  sum0 (fun a => p a * ln (r a)) n = sum0 (fun a => q a * r a * ln (r a)) n.
Proof.
  intros p q r n Hq Hr; apply sum0_ext; intros a.
  rewrite Hr; specialize (Hq a); field; lra.
Qed.

(** ln E_q e^delta = ln(1 + E_q expm1(delta)): sum_a q_a = 1 gives
    1 + sum_a q_a (e^{delta_a} - 1) = sum_a q_a e^{delta_a}. *)
Lemma MEASURE_mean_expm1 : forall (q d : nat -> R) n,
  sum0 q n = 1 ->
  1 + sum0 (fun a => q a * (exp (d a) - 1)) n = sum0 (fun a => q a * exp (d a)) n.
Proof.
  intros q d n Hq.
  rewrite (sum0_ext (fun a => q a * (exp (d a) - 1)) (fun a => q a * exp (d a) + -1 * q a))
    by (intros; ring).
  rewrite sum0_plus, sum0_scale, Hq; ring.
Qed.

(** y ln y >= y - 1 for y > 0. *)
Lemma y_ln_y_ge : forall y, 0 < y -> y - 1 <= y * ln y.
Proof.
  intros y Hy.
  pose proof (ln_le_minus_one (/ y) (Rinv_0_lt_compat y Hy)) as H.
  rewrite ln_Rinv in H by exact Hy.
  apply (Rmult_le_compat_l y) in H; [|lra].
  replace (y * (/ y - 1)) with (1 - y) in H by (field; lra).
  lra.
Qed.

Definition h (x : R) : R := (1 + x) * ln (1 + x) - x.

(** h(x) = (1 + x) ln(1 + x) - x >= 0 for x > -1: each term of the KL sum is non-negative. *)
Lemma MEASURE_h_nonneg : forall x, -1 < x -> 0 <= h x.
Proof. intros x Hx; unfold h; pose proof (y_ln_y_ge (1 + x)); lra. Qed.

Lemma ln_quot : forall a b, 0 < a -> 0 < b -> ln (a / b) = ln a - ln b.
Proof.
  intros a b Ha Hb; unfold Rdiv.
  rewrite ln_mult by (try apply Rinv_0_lt_compat; lra).
  rewrite ln_Rinv by lra; ring.
Qed.

(** ln a - ln b >= 1 - b / a for a, b > 0. *)
Lemma ln_diff_ge : forall a b, 0 < a -> 0 < b -> 1 - b / a <= ln a - ln b.
Proof.
  intros a b Ha Hb.
  pose proof (ln_le_minus_one (b / a) ltac:(apply Rdiv_lt_0_compat; lra)) as H.
  rewrite ln_quot in H by lra; lra.
Qed.

(** h is increasing on [0, oo) ... *)
Lemma MEASURE_h_increasing : forall x y, 0 <= x <= y -> h x <= h y.
Proof.
  intros x y Hxy; unfold h.
  (* with u = 1 + x <= v = 1 + y: v ln v - u ln u = v (ln v - ln u) + (v - u) ln u,
     v (ln v - ln u) >= v - u and ln u >= 0 *)
  pose proof (ln_diff_ge (1 + y) (1 + x) ltac:(lra) ltac:(lra)) as Hq.
  assert (H1 : (1 + y) * (1 - (1 + x) / (1 + y)) <= (1 + y) * (ln (1 + y) - ln (1 + x)))
    by (apply Rmult_le_compat_l; lra).
  replace ((1 + y) * (1 - (1 + x) / (1 + y))) with (y - x) in H1 by (field; lra).
  assert (Hl : 0 <= ln (1 + x)) by (rewrite <- ln_1; apply ln_le_mono; lra).
  assert (0 <= (y - x) * ln (1 + x)) by (apply Rmult_le_pos; lra).
  nra.
Qed.

(** ... and decreasing on (-1, 0], so its range over an interval is attained at the end
    nearest 0 (or is 0) and at the farther end. *)
Lemma MEASURE_h_decreasing : forall x y, -1 < x <= y -> y <= 0 -> h y <= h x.
Proof.
  intros x y Hxy Hy; unfold h.
  (* with u = 1 + x <= v = 1 + y <= 1: u ln u - v ln v = u (ln u - ln v) + (u - v) ln v,
     u (ln u - ln v) >= u - v and ln v <= 0 *)
  pose proof (ln_diff_ge (1 + x) (1 + y) ltac:(lra) ltac:(lra)) as Hq.
  assert (H1 : (1 + x) * (1 - (1 + y) / (1 + x)) <= (1 + x) * (ln (1 + x) - ln (1 + y)))
    by (apply Rmult_le_compat_l; lra).
  replace ((1 + x) * (1 - (1 + y) / (1 + x))) with (x - y) in H1 by (field; lra).
  assert (Hl : ln (1 + y) <= 0) by (rewrite <- ln_1; apply ln_le_mono; lra).
  assert (0 <= (y - x) * (- ln (1 + y))) by (apply Rmult_le_pos; lra).
  nra.
Qed.
