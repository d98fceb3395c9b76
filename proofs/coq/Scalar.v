(** * Scalar steps of the bounds of proofs/*.md

    Every lemma named [<PROOF_FILE>_<step>] is one real-number step of the proof file of that
    name (dashes become underscores): the matrix and probability facts that feed it stay on
    paper (proofs/README.md, "What remains on paper"); the step from them to the stated number is
    checked here. Stated over the reals of the Coq standard library; the analytic steps (the sum
    of t^{-1/2}, the maximum of s^{1/4} e^{-as}) are reduced to algebra and to 1 + x <= e^x, so no
    integral is needed. *)

Require Import Reals Psatz.
Open Scope R_scope.

(** ** Helpers *)

Lemma exp_le_mono : forall x y, x <= y -> exp x <= exp y.
Proof.
  intros x y H; destruct (Rle_lt_or_eq_dec x y H) as [H'|H'].
  - left; now apply exp_increasing.
  - subst; lra.
Qed.

Lemma ln_le_mono : forall x y, 0 < x -> x <= y -> ln x <= ln y.
Proof.
  intros x y Hx H; destruct (Rle_lt_or_eq_dec x y H) as [H'|H'].
  - left; apply ln_increasing; lra.
  - subst; lra.
Qed.

Lemma ln_le_minus_one : forall y, 0 < y -> ln y <= y - 1.
Proof.
  intros y Hy.
  rewrite <- (ln_exp (y - 1)).
  apply ln_le_mono; [exact Hy|].
  pose proof (exp_ineq1_le (y - 1)); lra.
Qed.

Lemma sum_square_le : forall a b, (a + b) ^ 2 <= 2 * a ^ 2 + 2 * b ^ 2.
Proof. intros a b; pose proof (pow2_ge_0 (a - b)); simpl in *; nra. Qed.

(** Sums and products over t = 1..T. *)
Fixpoint sum1 (f : nat -> R) (T : nat) : R :=
  match T with O => 0 | S k => sum1 f k + f (S k) end.

Fixpoint prod1 (f : nat -> R) (T : nat) : R :=
  match T with O => 1 | S k => prod1 f k * f (S k) end.

(** Sum over t = 0..T-1. *)
Fixpoint sum0 (f : nat -> R) (T : nat) : R :=
  match T with O => 0 | S k => sum0 f k + f k end.

(** ** LEMMA-K: the KL sandwich *)

(** Item 5: Hoeffding's tail 2 exp(-n t^2 / (2 R^2)) with R = B ||theta*|| equals delta at
    t = H = R sqrt(2 ln(2/delta) / n). *)
Lemma LEMMA_K_hoeffding_solve : forall R n delta,
  0 < R -> 0 < n -> 0 < delta < 1 ->
  let H := R * sqrt (2 * ln (2 / delta) / n) in
  2 * exp (- (n * H ^ 2) / (2 * R ^ 2)) = delta.
Proof.
  intros R n delta HR Hn Hd H.
  assert (Hl : 0 < ln (2 / delta)).
  { rewrite <- ln_1; apply ln_increasing; [lra|].
    apply (Rmult_lt_reg_r delta); [lra|]; field_simplify; lra. }
  assert (HH : H ^ 2 = R ^ 2 * (2 * ln (2 / delta) / n)).
  { unfold H; rewrite Rpow_mult_distr, pow2_sqrt; [ring|].
    apply Rlt_le, Rdiv_lt_0_compat; lra. }
  rewrite HH.
  replace (- (n * (R ^ 2 * (2 * ln (2 / delta) / n))) / (2 * R ^ 2)) with (- ln (2 / delta))
    by (field; split; nra).
  rewrite exp_Ropp, exp_ln; [field; lra|].
  apply Rdiv_lt_0_compat; lra.
Qed.

(** Item 5, monotonicity: any t >= H has tail probability at most delta. *)
Lemma LEMMA_K_hoeffding_tail_monotone : forall R n t t',
  0 < R -> 0 < n -> 0 <= t <= t' ->
  2 * exp (- (n * t' ^ 2) / (2 * R ^ 2)) <= 2 * exp (- (n * t ^ 2) / (2 * R ^ 2)).
Proof.
  intros R n t t' HR Hn Ht.
  apply Rmult_le_compat_l; [lra|]; apply exp_le_mono.
  unfold Rdiv.
  apply Rmult_le_compat_r; [apply Rlt_le, Rinv_0_lt_compat; nra|].
  assert (t ^ 2 <= t' ^ 2) by nra. nra.
Qed.

(** Item 3, Jensen for a finite average: (mean m)^2 <= mean m^2, in the form
    (sum m)^2 <= n sum m^2. *)
Lemma LEMMA_K_sum_deviation : forall (m : nat -> R) c n,
  sum0 (fun i => (m i - c) ^ 2) n =
  sum0 (fun i => m i ^ 2) n - 2 * c * sum0 m n + INR n * c ^ 2.
Proof.
  intros m c n; induction n as [|n IH]; cbn [sum0].
  - simpl; ring.
  - rewrite IH, S_INR; ring.
Qed.

Lemma sum0_nonneg : forall f n, (forall i, 0 <= f i) -> 0 <= sum0 f n.
Proof.
  intros f n Hf; induction n; simpl; [lra|]; specialize (Hf n); lra.
Qed.

Lemma LEMMA_K_jensen_mean : forall (m : nat -> R) n,
  sum0 m n ^ 2 <= INR n * sum0 (fun i => m i ^ 2) n.
Proof.
  intros m n; induction n as [|n IH]; cbn [sum0].
  - simpl; lra.
  - rewrite S_INR.
    pose proof (LEMMA_K_sum_deviation m (m n) n) as D.
    pose proof (sum0_nonneg (fun i => (m i - m n) ^ 2) n (fun i => pow2_ge_0 _)) as P.
    rewrite D in P; nra.
Qed.

(** Item 3, the expansion: with E m <= sqrt(E m^2),
    d^2 r^2 + 2 d r p E m + p^2 E m^2 <= (d r + p sqrt(E m^2))^2. *)
Lemma LEMMA_K_lower_core_jensen : forall d r p Em Em2,
  0 <= d -> 0 <= r -> 0 <= p -> 0 <= Em -> 0 <= Em2 -> Em <= sqrt Em2 ->
  d ^ 2 * r ^ 2 + 2 * d * r * p * Em + p ^ 2 * Em2 <= (d * r + p * sqrt Em2) ^ 2.
Proof.
  intros d r p Em Em2 Hd Hr Hp HE HE2 HJ.
  pose proof (sqrt_sqrt Em2 HE2).
  assert (0 <= d * r * p) by (apply Rmult_le_pos; [apply Rmult_le_pos|]; lra).
  nra.
Qed.

(** Item 4: the upper core never exceeds the lower core. *)
Lemma LEMMA_K_upper_le_lower : forall beta d r p s,
  0 <= beta -> 0 <= d -> 0 <= r -> 0 <= p -> 0 <= s ->
  beta * d ^ 2 * r ^ 2 / 8 <= beta * (d * r + p * s) ^ 2 / 8.
Proof.
  intros beta d r p s Hb Hd Hr Hp Hs.
  assert (0 <= d * r) by nra. assert (0 <= p * s) by nra.
  apply Rmult_le_compat_r; [lra|].
  rewrite Rmult_assoc; apply Rmult_le_compat_l; [lra|]; nra.
Qed.

(** Item 4: -Lw <= gen - mid <= U with U <= Lw gives |gen| <= |mid| + Lw. *)
Lemma LEMMA_K_two_sided : forall gen mid U Lw,
  - Lw <= gen - mid <= U -> U <= Lw -> Rabs gen <= Rabs mid + Lw.
Proof.
  intros gen mid U Lw H HU.
  unfold Rabs; destruct (Rcase_abs gen), (Rcase_abs mid); lra.
Qed.

(** Corrections: Lw <= beta (B^2 r^2 + p^2 eps / 4) when diam <= 2 B. *)
Lemma LEMMA_K_lower_core_le_spec : forall beta d B r p s,
  0 <= beta -> 0 <= d <= 2 * B -> 0 <= r -> 0 <= p -> 0 <= s ->
  beta * (d * r + p * s) ^ 2 / 8 <= beta * (B ^ 2 * r ^ 2 + p ^ 2 * s ^ 2 / 4).
Proof.
  intros beta d B r p s Hb Hd Hr Hp Hs.
  pose proof (sum_square_le (d * r) (p * s)).
  assert (d ^ 2 <= 4 * B ^ 2) by nra.
  assert (d ^ 2 * r ^ 2 <= 4 * B ^ 2 * r ^ 2) by nra.
  assert (Hq : (d * r + p * s) ^ 2 / 8 <= B ^ 2 * r ^ 2 + p ^ 2 * s ^ 2 / 4) by nra.
  unfold Rdiv in *; rewrite Rmult_assoc; apply Rmult_le_compat_l; lra.
Qed.

(** Item 6, the transfer step solved for the radius (also T-OPT's r). *)
Lemma LEMMA_K_curvature_radius : forall beta kappa diam D e g,
  0 < beta -> 0 < kappa -> 0 <= diam -> 0 <= e <= D ->
  beta * exp (- (diam * e)) * kappa * e <= g ->
  e <= g * exp (diam * D) / (beta * kappa).
Proof.
  intros beta kappa diam D e g Hb Hk Hd He Hg.
  assert (Hm : exp (- (diam * D)) <= exp (- (diam * e))) by (apply exp_le_mono; nra).
  assert (beta * exp (- (diam * D)) * kappa * e <= g).
  { eapply Rle_trans; [|exact Hg].
    apply Rmult_le_compat_r; [lra|]; apply Rmult_le_compat_r; [lra|].
    apply Rmult_le_compat_l; lra. }
  pose proof (exp_pos (diam * D)).
  rewrite exp_Ropp in H.
  apply (Rmult_le_reg_r (beta * kappa * / exp (diam * D))).
  - apply Rmult_lt_0_compat; [nra|]; now apply Rinv_0_lt_compat.
  - replace (g * exp (diam * D) / (beta * kappa) * (beta * kappa * / exp (diam * D))) with g
      by (field; split; [lra|split; lra]).
    lra.
Qed.

(** ** T-OPT *)

(** The radius r = min(D, g e^{diam D} / (beta kappa+)) bounds ||e_perp||. *)
Lemma T_OPT_radius : forall beta kappa diam D e g,
  0 < beta -> 0 < kappa -> 0 <= diam -> 0 <= e <= D ->
  beta * exp (- (diam * e)) * kappa * e <= g ->
  e <= Rmin D (g * exp (diam * D) / (beta * kappa)).
Proof.
  intros. apply Rmin_glb; [lra|]. now apply (LEMMA_K_curvature_radius beta kappa diam D e g).
Qed.

(** With probability >= 1 - delta: |gen| <= |mid| + Lw and |mid| <= H give |gen| <= H + Lw; and
    the lower core is increasing in r, so a larger radius keeps the bound. *)
Lemma T_OPT_gap : forall gen mid H Lw,
  Rabs gen <= Rabs mid + Lw -> Rabs mid <= H -> Rabs gen <= H + Lw.
Proof. intros; lra. Qed.

Lemma T_OPT_lower_core_monotone : forall beta d r r' q,
  0 <= beta -> 0 <= d -> 0 <= r <= r' -> 0 <= q ->
  beta * (d * r + q) ^ 2 / 8 <= beta * (d * r' + q) ^ 2 / 8.
Proof.
  intros beta d r r' q Hb Hd Hr Hq.
  assert (d * r <= d * r') by (apply Rmult_le_compat_l; lra).
  assert (0 <= d * r) by nra.
  apply Rmult_le_compat_r; [lra|]; apply Rmult_le_compat_l; [lra|]; nra.
Qed.

(** ** T-GA-SHARP *)

(** Eigenvalues of beta Sigma_S(w_t) in [c, lambdaBar], eta lambdaBar <= 1: the eigenvalues of
    I - eta beta Sigma_S(w_t) lie in [0, 1 - eta c]. *)
Lemma T_GA_SHARP_eigen_factor : forall eta c lam lbar,
  0 < eta -> eta * lbar <= 1 -> c <= lam <= lbar ->
  0 <= 1 - eta * lam <= 1 - eta * c.
Proof. intros; split; nra. Qed.

(** The per-step contraction iterated: ||e_perp,T|| <= rho^T ||e_perp,0||. *)
Lemma T_GA_SHARP_linear_rate : forall (e : nat -> R) rho,
  0 <= rho -> (forall t, e (S t) <= rho * e t) ->
  forall T, e T <= rho ^ T * e O.
Proof.
  intros e rho Hr Hs T; induction T as [|T IH]; simpl.
  - lra.
  - specialize (Hs T). apply (Rle_trans _ _ _ Hs).
    rewrite Rmult_assoc; apply Rmult_le_compat_l; lra.
Qed.

(** Non-expansive steps keep the iterate in the ball ||e_perp|| <= D_perp (the induction of the
    proof). *)
Lemma T_GA_SHARP_stays_in_ball : forall (e : nat -> R) rho,
  0 <= rho <= 1 -> (forall t, 0 <= e t) -> (forall t, e (S t) <= rho * e t) ->
  forall T, e T <= e O.
Proof.
  intros e rho Hr Hn Hs T.
  pose proof (T_GA_SHARP_linear_rate e rho (proj1 Hr) Hs T).
  pose proof (pow_le rho T (proj1 Hr)).
  assert (rho ^ T <= 1) by (rewrite <- (pow1 T); apply pow_incr; lra).
  specialize (Hn O); nra.
Qed.

(** Selection: ||g_sel|| <= ||g_T|| <= beta Lambda ||e_perp,T||, ||g_sel|| >= c ||e_perp,sel||:
    ||e_perp,sel|| <= K rho^T D_perp with K = beta Lambda / c. *)
Lemma T_GA_SHARP_selection : forall c beta lam gsel gT esel eT rho D T,
  0 < c -> 0 <= beta -> 0 <= lam -> c * esel <= gsel -> gsel <= gT ->
  gT <= beta * lam * eT -> eT <= rho ^ T * D ->
  esel <= beta * lam / c * rho ^ T * D.
Proof.
  intros c beta lam gsel gT esel eT rho D T Hc Hb Hl H1 H2 H3 H4.
  assert (0 <= beta * lam) by nra.
  assert (c * esel <= beta * lam * (rho ^ T * D)) by nra.
  apply (Rmult_le_reg_l c); [lra|].
  replace (c * (beta * lam / c * rho ^ T * D)) with (beta * lam * (rho ^ T * D)) by (field; lra).
  lra.
Qed.

(** The optimisation error: beta diam^2 r^2 / 8 is increasing in r, so r_T = min(D_perp, ...)
    may replace ||e_perp,sel||. *)
Lemma T_GA_SHARP_upper_core_monotone : forall beta d r r',
  0 <= beta -> 0 <= r <= r' -> beta * d ^ 2 * r ^ 2 / 8 <= beta * d ^ 2 * r' ^ 2 / 8.
Proof.
  intros beta d r r' Hb Hr.
  assert (0 <= beta * d ^ 2) by (apply Rmult_le_pos; [lra|apply pow2_ge_0]).
  apply Rmult_le_compat_r; [lra|]; apply Rmult_le_compat_l; [lra|]; nra.
Qed.

(** ** T-GA-SEED *)

(** The descent lemma with eta L_S <= 1: F_S(w_{t+1}) >= F_S(w_t) + (eta/2) ||g_t||^2. *)
Lemma T_GA_SEED_descent_step : forall eta L g2 F0 F1,
  0 < eta -> 0 <= L -> eta * L <= 1 -> 0 <= g2 ->
  F0 + eta * g2 - L / 2 * eta ^ 2 * g2 <= F1 -> F0 + eta / 2 * g2 <= F1.
Proof.
  intros eta L g2 F0 F1 He HL HeL Hg H.
  assert (0 <= eta * g2) by nra.
  assert (eta * g2 * (eta * L) <= eta * g2 * 1) by (apply Rmult_le_compat_l; lra).
  replace (L / 2 * eta ^ 2 * g2) with (eta * g2 * (eta * L) / 2) in H by (field; lra).
  lra.
Qed.

(** Summing the descent steps over t < T. *)
Lemma T_GA_SEED_telescoping : forall (F g2 : nat -> R) eta,
  (forall t, F t + eta / 2 * g2 t <= F (S t)) ->
  forall T, eta / 2 * sum0 g2 T <= F T - F O.
Proof.
  intros F g2 eta Hs T; induction T as [|T IH]; cbn [sum0].
  - lra.
  - specialize (Hs T); lra.
Qed.

(** Best-iterate selection: the minimum is at most the mean (some t < T has T g2_t <= sum). *)
Lemma T_GA_SEED_min_le_mean : forall (g2 : nat -> R) T,
  (0 < T)%nat -> exists t, (t < T)%nat /\ INR T * g2 t <= sum0 g2 T.
Proof.
  intros g2 T HT; induction T as [|T IH]; [lia|].
  destruct T as [|T].
  - exists O; split; [lia|]; simpl; lra.
  - destruct IH as [t [Ht Hle]]; [lia|].
    set (m := S T) in *.
    destruct (Rle_dec (g2 m) (g2 t)) as [Hm|Hm].
    + exists m; split; [lia|]. cbn [sum0]; fold (sum0 g2 m).
      rewrite S_INR.
      assert (INR m * g2 m <= sum0 g2 m) by (pose proof (pos_INR m); nra).
      lra.
    + exists t; split; [lia|]. cbn [sum0]; fold (sum0 g2 m).
      rewrite S_INR; lra.
Qed.

(** min_t ||g_t||^2 <= 2 Delta0 / (eta T). *)
Lemma T_GA_SEED_best_gradient : forall (F g2 : nat -> R) eta Delta T,
  0 < eta -> (0 < T)%nat ->
  (forall t, F t + eta / 2 * g2 t <= F (S t)) -> F T - F O <= Delta ->
  exists t, (t < T)%nat /\ g2 t <= 2 * Delta / (eta * INR T).
Proof.
  intros F g2 eta Delta T He HT Hs HD.
  destruct (T_GA_SEED_min_le_mean g2 T HT) as [t [Ht Hle]].
  exists t; split; [exact Ht|].
  pose proof (T_GA_SEED_telescoping F g2 eta Hs T).
  assert (HTp : 0 < INR T) by (apply lt_0_INR; exact HT).
  apply (Rmult_le_reg_l (eta * INR T)); [nra|].
  replace (eta * INR T * (2 * Delta / (eta * INR T))) with (2 * Delta) by (field; lra).
  nra.
Qed.

(** ||g_sel|| >= c ||e_perp,sel|| and ||g_sel||^2 <= 2 Delta0 / (eta T):
    ||e_perp,sel||^2 <= 2 Delta0 / (eta T c^2). *)
Lemma T_GA_SEED_radius : forall c r g eta T Delta,
  0 < c -> 0 <= r -> 0 < eta -> 0 < T -> c * r <= g ->
  g ^ 2 <= 2 * Delta / (eta * T) -> r ^ 2 <= 2 * Delta / (eta * T * c ^ 2).
Proof.
  intros c r g eta T Delta Hc Hr He HT H1 H2.
  assert (0 <= c * r) by (apply Rmult_le_pos; lra).
  assert (Hp : (c * r) ^ 2 <= g ^ 2) by (apply pow_incr; lra).
  rewrite Rpow_mult_distr in Hp.
  apply (Rmult_le_reg_l (c ^ 2)); [apply pow_lt; lra|].
  replace (c ^ 2 * (2 * Delta / (eta * T * c ^ 2))) with (2 * Delta / (eta * T))
    by (field; repeat split; lra).
  lra.
Qed.

(** The optimisation error: beta diam^2 r^2 / 8 <= c1 / T, c1 = beta diam^2 Delta0 / (4 eta c^2). *)
Lemma T_GA_SEED_constant : forall beta d r c eta T Delta,
  0 <= beta -> 0 < c -> 0 < eta -> 0 < T ->
  r ^ 2 <= 2 * Delta / (eta * T * c ^ 2) ->
  beta * d ^ 2 * r ^ 2 / 8 <= (beta * d ^ 2 * Delta / (4 * eta * c ^ 2)) / T.
Proof.
  intros beta d r c eta T Delta Hb Hc He HT Hr.
  assert (0 <= beta * d ^ 2) by (apply Rmult_le_pos; [lra|apply pow2_ge_0]).
  replace ((beta * d ^ 2 * Delta / (4 * eta * c ^ 2)) / T)
    with (beta * d ^ 2 * (2 * Delta / (eta * T * c ^ 2)) / 8) by (field; repeat split; lra).
  apply Rmult_le_compat_r; [lra|]; apply Rmult_le_compat_l; lra.
Qed.

(** T^{-1} <= T^{-1/4} for T >= 1. *)
Lemma T_GA_SEED_inverse_le_quarter : forall T,
  1 <= T -> / T <= Rpower T (- (1 / 4)).
Proof.
  intros T HT.
  rewrite <- (Rpower_1 T) at 1 by lra.
  rewrite <- Rpower_Ropp.
  unfold Rpower; apply exp_le_mono.
  assert (0 <= ln T) by (rewrite <- ln_1; apply ln_le_mono; lra).
  nra.
Qed.

(** The gap with a kernel: beta (diam r + q)^2 / 8 <= 2 (beta diam^2 r^2 / 8) + beta q^2 / 4. *)
Lemma T_GA_SEED_square_split : forall beta d r q,
  0 <= beta -> beta * (d * r + q) ^ 2 / 8 <= 2 * (beta * d ^ 2 * r ^ 2 / 8) + beta * q ^ 2 / 4.
Proof. intros beta d r q Hb. pose proof (sum_square_le (d * r) q). nra. Qed.

(** ** T-SGA-SHARP *)

(** One step, expanded: ||(I - a A) v||^2 = ||v||^2 - 2a v'Av + a^2 ||Av||^2 and
    ||Av||^2 <= lambdaBar v'Av give ||v||^2 - (2a - a^2 lambdaBar) v'Av. *)
Lemma T_SGA_SHARP_one_step_expansion : forall a vv vAv Av2 lbar,
  Av2 <= lbar * vAv ->
  vv - 2 * a * vAv + a ^ 2 * Av2 <= vv - (2 * a - a ^ 2 * lbar) * vAv.
Proof. intros; nra. Qed.

(** In expectation over the prompt, E v'A v >= c ||v||^2: the factor 1 - (2 - a lambdaBar) a c. *)
Lemma T_SGA_SHARP_one_step_contraction : forall a lbar c vv vAv,
  0 <= a -> a * lbar <= 1 -> 0 <= vv -> c * vv <= vAv ->
  vv - (2 * a - a ^ 2 * lbar) * vAv <= (1 - (2 - a * lbar) * a * c) * vv.
Proof.
  intros a lbar c vv vAv Ha Hl Hv Hc.
  assert (a * (a * lbar) <= a * 1) by (apply Rmult_le_compat_l; lra).
  assert (Hk : 0 <= 2 * a - a ^ 2 * lbar) by (simpl; lra).
  assert ((2 * a - a ^ 2 * lbar) * (c * vv) <= (2 * a - a ^ 2 * lbar) * vAv)
    by (apply Rmult_le_compat_l; lra).
  replace ((1 - (2 - a * lbar) * a * c) * vv) with (vv - (2 * a - a ^ 2 * lbar) * (c * vv))
    by ring.
  lra.
Qed.

(** Non-expansive steps: a lambdaBar <= 1 < 2 gives 2a - a^2 lambdaBar >= 0. *)
Lemma T_SGA_SHARP_non_expansive : forall a lbar vv vAv,
  0 <= a -> a * lbar <= 1 -> 0 <= vAv ->
  vv - (2 * a - a ^ 2 * lbar) * vAv <= vv.
Proof.
  intros a lbar vv vAv Ha Hl Hv.
  assert (a * (a * lbar) <= a * 1) by (apply Rmult_le_compat_l; lra).
  assert (0 <= 2 * a - a ^ 2 * lbar) by (simpl; lra).
  assert (0 <= (2 * a - a ^ 2 * lbar) * vAv) by (apply Rmult_le_pos; lra).
  lra.
Qed.

(** 0 <= q_t <= 1 with q_t = (2 - y) eta c, y = eta lambdaBar <= 1, eta c <= y. *)
Lemma T_SGA_SHARP_factor_in_unit : forall eta c lbar,
  0 <= eta -> 0 <= c <= lbar -> eta * lbar <= 1 ->
  0 <= (2 - eta * lbar) * eta * c <= 1.
Proof.
  intros eta c lbar He Hc Hl.
  assert (eta * c <= eta * lbar) by nra.
  assert (0 <= eta * c) by nra.
  split; nra.
Qed.

(** 1 - q <= e^{-q}. *)
Lemma T_SGA_SHARP_one_minus_le_exp : forall q, 1 - q <= exp (- q).
Proof. intros q; pose proof (exp_ineq1_le (- q)); lra. Qed.

(** prod_{t=1}^T (1 - q_t) <= exp(- sum_{t=1}^T q_t) for q_t in [0, 1]. *)
Lemma T_SGA_SHARP_product_le_exp_sum : forall (q : nat -> R) T,
  (forall t, 0 <= q t <= 1) -> prod1 (fun t => 1 - q t) T <= exp (- sum1 q T).
Proof.
  intros q T Hq; induction T as [|T IH]; simpl.
  - rewrite Ropp_0, exp_0; lra.
  - rewrite Ropp_plus_distr, exp_plus.
    assert (0 <= prod1 (fun t => 1 - q t) T).
    { clear IH; induction T as [|T IH']; simpl; [lra|].
      specialize (Hq (S T)); apply Rmult_le_pos; lra. }
    specialize (Hq (S T)).
    pose proof (T_SGA_SHARP_one_minus_le_exp (q (S T))).
    apply Rmult_le_compat; lra.
Qed.

(** 2 (sqrt(t+1) - sqrt t) <= 1 / sqrt t for t > 0: one term of the comparison of
    sum t^{-1/2} with the integral of s^{-1/2}, as algebra. *)
Lemma T_SGA_SHARP_sqrt_telescoping_term : forall t,
  0 < t -> 2 * (sqrt (t + 1) - sqrt t) <= 1 / sqrt t.
Proof.
  intros t Ht.
  pose proof (sqrt_lt_R0 t Ht) as Hs.
  pose proof (sqrt_sqrt t (Rlt_le _ _ Ht)) as E0.
  pose proof (sqrt_sqrt (t + 1) ltac:(lra)) as E1.
  assert (Hlt : sqrt t < sqrt (t + 1)) by (apply sqrt_lt_1_alt; lra).
  apply (Rmult_le_reg_r (sqrt t)); [exact Hs|].
  replace (1 / sqrt t * sqrt t) with 1 by (field; lra).
  (* 2 (u - s) s <= 1 <=> (u - s)(u + s) = 1 and u + s >= 2 s *)
  nra.
Qed.

(** sum_{t=m+1}^{m+k} t^{-1/2} >= 2 (sqrt(m+k+1) - sqrt(m+1)) (the code's closed-form tail,
    m = 0 for the statement). *)
Lemma T_SGA_SHARP_inverse_sqrt_sum : forall m k,
  2 * (sqrt (INR (m + k) + 1) - sqrt (INR m + 1)) <=
  sum1 (fun t => 1 / sqrt (INR t)) (m + k) - sum1 (fun t => 1 / sqrt (INR t)) m.
Proof.
  intros m k; induction k as [|k IH].
  - rewrite Nat.add_0_r; lra.
  - rewrite Nat.add_succ_r; cbn [sum1].
    pose proof (T_SGA_SHARP_sqrt_telescoping_term (INR (S (m + k)))
                  (lt_0_INR _ (Nat.lt_0_succ _))) as Ht.
    rewrite S_INR in *.
    lra.
Qed.

(** sum_{t=1}^T eta_t >= (sqrt(T+1) - 1) / L for eta_t = 1 / (2 L sqrt t). *)
Lemma T_SGA_SHARP_step_sum : forall L T,
  0 < L ->
  (sqrt (INR T + 1) - 1) / L <= sum1 (fun t => 1 / (2 * L * sqrt (INR t))) T.
Proof.
  intros L T HL.
  pose proof (T_SGA_SHARP_inverse_sqrt_sum 0 T) as H.
  simpl INR in H; rewrite Rplus_0_l, sqrt_1 in H; cbn [sum1] in H.
  assert (E : forall n, sum1 (fun t => 1 / (2 * L * sqrt (INR t))) n =
                        / (2 * L) * sum1 (fun t => 1 / sqrt (INR t)) n).
  { induction n as [|n IH]; cbn [sum1]; [ring|]. rewrite IH.
    assert (0 < sqrt (INR (S n))) by (apply sqrt_lt_R0, lt_0_INR; lia).
    field; lra. }
  rewrite E; simpl in H.
  apply (Rmult_le_reg_l (2 * L)); [lra|].
  replace (2 * L * ((sqrt (INR T + 1) - 1) / L)) with (2 * (sqrt (INR T + 1) - 1)) by (field; lra).
  replace (2 * L * (/ (2 * L) * sum1 (fun t => 1 / sqrt (INR t)) T))
    with (sum1 (fun t => 1 / sqrt (INR t)) T) by (field; lra).
  lra.
Qed.

(** The closed form: P_T <= exp(-(2 - lambdaBar/(2L)) c (sqrt(T+1) - 1) / L) for
    eta_t = 1/(2 L sqrt t), L >= lambdaBar / 2, 0 <= c <= lambdaBar. *)
Lemma T_SGA_SHARP_closed_form : forall L lbar c T,
  0 < L -> 0 <= c <= lbar -> lbar <= 2 * L ->
  let eta := fun t => 1 / (2 * L * sqrt (INR t)) in
  prod1 (fun t => 1 - (2 - eta t * lbar) * eta t * c) T <=
  exp (- ((2 - lbar / (2 * L)) * c * (sqrt (INR T + 1) - 1) / L)).
Proof.
  intros L lbar c T HL Hc Hl eta.
  assert (Heta : forall t, (1 <= t)%nat -> 0 < eta t <= 1 / (2 * L)).
  { intros t Ht. unfold eta.
    assert (1 <= INR t) by (apply (le_INR 1); exact Ht).
    assert (1 <= sqrt (INR t)) by (rewrite <- sqrt_1; apply sqrt_le_1_alt; lra).
    split.
    - apply Rdiv_lt_0_compat; [lra|]; nra.
    - unfold Rdiv; rewrite !Rmult_1_l; apply Rinv_le_contravar; nra. }
  set (q := fun t => (2 - eta t * lbar) * eta t * c).
  set (q' := fun t => match t with O => 0 | _ => q t end).
  assert (Hq' : forall t, 0 <= q' t <= 1).
  { intros [|t]; simpl; [lra|]. destruct (Heta (S t)) as [H1 H2]; [lia|].
    apply T_SGA_SHARP_factor_in_unit; [lra|lra|].
    apply (Rle_trans _ (1 / (2 * L) * lbar)); [nra|].
    apply (Rmult_le_reg_l (2 * L)); [lra|]; field_simplify; lra. }
  assert (Ep : forall n, prod1 (fun t => 1 - q t) n = prod1 (fun t => 1 - q' t) n)
    by (induction n; simpl; [|rewrite IHn]; reflexivity).
  assert (Es : forall n, sum1 q n = sum1 q' n)
    by (induction n; simpl; [|rewrite IHn]; reflexivity).
  fold q; rewrite Ep.
  eapply Rle_trans; [apply T_SGA_SHARP_product_le_exp_sum; exact Hq'|].
  apply exp_le_mono, Ropp_le_contravar. rewrite <- Es.
  set (k := (2 - lbar / (2 * L)) * c).
  assert (Hk : 0 <= k).
  { unfold k; apply Rmult_le_pos; [|lra].
    assert (lbar / (2 * L) <= 1) by (apply (Rmult_le_reg_l (2 * L)); [lra|]; field_simplify; lra).
    lra. }
  assert (Hqt : forall n, k * sum1 eta n <= sum1 q n).
  { induction n as [|n IH]; cbn [sum1]; [lra|].
    destruct (Heta (S n)) as [H1 H2]; [lia|].
    assert (k * eta (S n) <= q (S n)).
    { unfold q, k.
      assert (eta (S n) * lbar <= lbar / (2 * L)).
      { unfold Rdiv; rewrite (Rmult_comm lbar); apply Rmult_le_compat_r; [lra|].
        unfold Rdiv in H2; lra. }
      assert (0 <= eta (S n) * c) by (apply Rmult_le_pos; lra).
      assert ((2 - lbar / (2 * L)) * (eta (S n) * c) <= (2 - eta (S n) * lbar) * (eta (S n) * c))
        by (apply Rmult_le_compat_r; lra).
      lra. }
    lra. }
  pose proof (T_SGA_SHARP_step_sum L T HL) as Hsum.
  apply (Rle_trans _ (k * sum1 eta T)); [|apply Hqt].
  replace (k * (sqrt (INR T + 1) - 1) / L) with (k * ((sqrt (INR T + 1) - 1) / L)) by (field; lra).
  apply Rmult_le_compat_l; [exact Hk|exact Hsum].
Qed.

(** Expectation of the lower core: E (d r + b)^2 <= (d sqrt(E r^2) + b)^2 by E r <= sqrt(E r^2). *)
Lemma T_SGA_SHARP_expected_lower_core : forall d b Er Er2,
  0 <= d -> 0 <= b -> 0 <= Er -> 0 <= Er2 -> Er <= sqrt Er2 ->
  d ^ 2 * Er2 + 2 * d * b * Er + b ^ 2 <= (d * sqrt Er2 + b) ^ 2.
Proof.
  intros d b Er Er2 Hd Hb HE HE2 HJ.
  pose proof (sqrt_sqrt Er2 HE2).
  assert (0 <= d * b) by nra.
  nra.
Qed.

(** ** T-SGA-SEED *)

(** exp(-a (sqrt(T+1) - 1)) <= e^a e^{-a sqrt T}. *)
Lemma T_SGA_SEED_shift : forall a T,
  0 <= a -> 0 <= T -> exp (- (a * (sqrt (T + 1) - 1))) <= exp a * exp (- (a * sqrt T)).
Proof.
  intros a T Ha HT.
  rewrite <- exp_plus; apply exp_le_mono.
  assert (sqrt T <= sqrt (T + 1)) by (apply sqrt_le_1_alt; lra).
  nra.
Qed.

(** s^{1/4} e^{-a s} <= (4 a e)^{-1/4} for s > 0, a > 0 (the maximum is at s = 1/(4a)). *)
Lemma T_SGA_SEED_quarter_power_step : forall a s,
  0 < a -> 0 < s ->
  Rpower s (1 / 4) * exp (- (a * s)) <= Rpower (4 * a * exp 1) (- (1 / 4)).
Proof.
  intros a s Ha Hs.
  unfold Rpower; rewrite <- exp_plus; apply exp_le_mono.
  pose proof (ln_le_minus_one (4 * a * s) ltac:(nra)) as H.
  rewrite !ln_mult in H by (try apply exp_pos; nra).
  rewrite !ln_mult by (try apply exp_pos; nra).
  rewrite ln_exp.
  lra.
Qed.

(** e^{-a sqrt T} <= (4 a e)^{-1/4} T^{-1/8} for T > 0. *)
Lemma T_SGA_SEED_rate : forall a T,
  0 < a -> 0 < T ->
  exp (- (a * sqrt T)) <= Rpower (4 * a * exp 1) (- (1 / 4)) * Rpower T (- (1 / 8)).
Proof.
  intros a T Ha HT.
  pose proof (sqrt_lt_R0 T HT) as Hs.
  pose proof (T_SGA_SEED_quarter_power_step a (sqrt T) Ha Hs) as H.
  assert (E : Rpower (sqrt T) (1 / 4) = Rpower T (1 / 8)).
  { rewrite <- Rpower_sqrt by exact HT. rewrite Rpower_mult. f_equal. field. }
  rewrite E in H.
  assert (Hp : 0 < Rpower T (1 / 8)) by apply exp_pos.
  rewrite (Rpower_Ropp T (1 / 8)).
  apply (Rmult_le_reg_l (Rpower T (1 / 8))); [exact Hp|].
  replace (Rpower T (1 / 8) * (Rpower (4 * a * exp 1) (- (1 / 4)) * / Rpower T (1 / 8)))
    with (Rpower (4 * a * exp 1) (- (1 / 4))) by (field; lra).
  exact H.
Qed.

(** R2 <= K^2 P_T D^2 <= K^2 D^2 e^a (4ae)^{-1/4} T^{-1/8}, so beta diam^2 R2 / 8 <= c1 T^{-1/8}. *)
Lemma T_SGA_SEED_constant : forall beta d K D a T PT,
  0 <= beta -> 0 < a -> 0 < T -> 0 <= PT -> PT <= exp (- (a * (sqrt (T + 1) - 1))) ->
  beta * d ^ 2 * (K ^ 2 * PT * D ^ 2) / 8 <=
  (beta * d ^ 2 * K ^ 2 * D ^ 2 * exp a * Rpower (4 * a * exp 1) (- (1 / 4)) / 8)
    * Rpower T (- (1 / 8)).
Proof.
  intros beta d K D a T PT Hb Ha HT HP0 HP.
  pose proof (T_SGA_SEED_shift a T (Rlt_le _ _ Ha) (Rlt_le _ _ HT)) as H1.
  pose proof (T_SGA_SEED_rate a T Ha HT) as H2.
  pose proof (exp_pos a).
  assert (HPT : PT <= exp a * (Rpower (4 * a * exp 1) (- (1 / 4)) * Rpower T (- (1 / 8)))).
  { eapply Rle_trans; [exact HP|]. eapply Rle_trans; [exact H1|].
    apply Rmult_le_compat_l; lra. }
  assert (0 <= beta * d ^ 2 * K ^ 2 * D ^ 2).
  { pose proof (pow2_ge_0 d); pose proof (pow2_ge_0 K); pose proof (pow2_ge_0 D).
    assert (0 <= beta * d ^ 2) by (apply Rmult_le_pos; lra).
    assert (0 <= beta * d ^ 2 * K ^ 2) by (apply Rmult_le_pos; lra).
    apply Rmult_le_pos; lra. }
  replace (beta * d ^ 2 * (K ^ 2 * PT * D ^ 2) / 8) with (beta * d ^ 2 * K ^ 2 * D ^ 2 * PT / 8)
    by field.
  replace ((beta * d ^ 2 * K ^ 2 * D ^ 2 * exp a * Rpower (4 * a * exp 1) (- (1 / 4)) / 8)
             * Rpower T (- (1 / 8)))
    with (beta * d ^ 2 * K ^ 2 * D ^ 2 *
          (exp a * (Rpower (4 * a * exp 1) (- (1 / 4)) * Rpower T (- (1 / 8)))) / 8) by field.
  apply Rmult_le_compat_r; [lra|]; apply Rmult_le_compat_l; lra.
Qed.

(** The gap with a kernel: (x + y)^2 <= 2 x^2 + 2 y^2 in the lower core. *)
Lemma T_SGA_SEED_square_split : forall beta d s q,
  0 <= beta -> beta * (d * s + q) ^ 2 / 8 <= beta * d ^ 2 * s ^ 2 / 4 + beta * q ^ 2 / 4.
Proof. intros beta d s q Hb. pose proof (sum_square_le (d * s) q). nra. Qed.

(** ** T-HP *)

(** The bounded difference: gamma + (n - 1) gamma / n + M / n = ((2n - 1) gamma + M) / n. *)
Lemma T_HP_bounded_difference : forall n gamma M,
  0 < n -> gamma + ((n - 1) * gamma / n + M / n) = ((2 * n - 1) * gamma + M) / n.
Proof. intros; field; lra. Qed.

(** McDiarmid's tail 2 exp(-2 t^2 / (n c^2)) with c = ((2n - 1) gamma + M) / n equals delta at
    t = ((2n - 1) gamma + M) sqrt(ln(2/delta) / (2n)). *)
Lemma T_HP_mcdiarmid_solve : forall n gamma M delta,
  0 < n -> 0 < (2 * n - 1) * gamma + M -> 0 < delta < 1 ->
  let c := ((2 * n - 1) * gamma + M) / n in
  let t := ((2 * n - 1) * gamma + M) * sqrt (ln (2 / delta) / (2 * n)) in
  2 * exp (- (2 * t ^ 2) / (n * c ^ 2)) = delta.
Proof.
  intros n gamma M delta Hn Hm Hd c t.
  assert (Hl : 0 < ln (2 / delta)).
  { rewrite <- ln_1; apply ln_increasing; [lra|].
    apply (Rmult_lt_reg_r delta); [lra|]; field_simplify; lra. }
  set (A := (2 * n - 1) * gamma + M) in *.
  assert (Ht : t ^ 2 = A ^ 2 * (ln (2 / delta) / (2 * n))).
  { unfold t; rewrite Rpow_mult_distr, pow2_sqrt; [ring|].
    apply Rlt_le, Rdiv_lt_0_compat; lra. }
  rewrite Ht; unfold c.
  replace (- (2 * (A ^ 2 * (ln (2 / delta) / (2 * n)))) / (n * (A / n) ^ 2)) with (- ln (2 / delta))
    by (field; split; lra).
  rewrite exp_Ropp, exp_ln; [field; lra|].
  apply Rdiv_lt_0_compat; lra.
Qed.

(** |Phi| <= |E Phi| + t with |E Phi| <= gamma. *)
Lemma T_HP_two_sided : forall phi ephi gamma t,
  Rabs (phi - ephi) <= t -> Rabs ephi <= gamma -> Rabs phi <= gamma + t.
Proof.
  intros phi ephi gamma t H1 H2.
  unfold Rabs in *; destruct (Rcase_abs (phi - ephi)), (Rcase_abs ephi), (Rcase_abs phi); lra.
Qed.

(** The loss range of GA: two values in [-R - gamma, R] differ by at most 2 R + gamma. *)
Lemma T_HP_loss_range : forall R gamma u v kl1 kl2,
  -R <= u <= R -> -R <= v <= R -> 0 <= kl1 <= gamma -> 0 <= kl2 <= gamma ->
  Rabs ((u - kl1) - (v - kl2)) <= 2 * R + gamma.
Proof.
  intros. unfold Rabs; destruct (Rcase_abs ((u - kl1) - (v - kl2))); lra.
Qed.

(** ** T-RES *)

(** The GA limit: gen - mid = -beta E_D KL in [-beta p^2 eps_n / 8, 0] and |mid| <= H give
    -H - beta p^2 eps_n / 8 <= gen <= H. *)
Lemma T_RES_gap : forall gen mid H X,
  - X <= gen - mid <= 0 -> Rabs mid <= H -> - H - X <= gen <= H.
Proof. intros gen mid H X H1 H2. unfold Rabs in H2; destruct (Rcase_abs mid); lra. Qed.

(** The lower core at r = 0 is beta p^2 eps_n / 8. *)
Lemma T_RES_lower_core_at_zero : forall beta d p eps,
  0 <= eps -> beta * (d * 0 + p * sqrt eps) ^ 2 / 8 = beta * p ^ 2 * eps / 8.
Proof.
  intros beta d p eps He. rewrite Rmult_0_r, Rplus_0_l, Rpow_mult_distr, pow2_sqrt by exact He.
  field.
Qed.

(** ** T-RES-EXP *)

(** At most r essential prompts, each contributing at most diam^2: the sum is at most r diam^2. *)
Lemma T_RES_EXP_essential_sum : forall (m2 : nat -> R) (essential : nat -> bool) d2 n r,
  (forall j, 0 <= m2 j <= d2) -> (forall j, essential j = false -> m2 j = 0) ->
  sum0 (fun j => if essential j then 1 else 0) n <= INR r ->
  sum0 m2 n <= INR r * d2.
Proof.
  intros m2 ess d2 n r Hb Hz Hc.
  assert (Hs : sum0 m2 n <= d2 * sum0 (fun j => if ess j then 1 else 0) n).
  { clear Hc. induction n as [|n IH]; cbn [sum0]; [lra|].
    specialize (Hb n). destruct (ess n) eqn:E.
    - lra.
    - rewrite (Hz n E). lra. }
  assert (0 <= d2) by (specialize (Hb O); lra).
  nra.
Qed.

(** diam^2 rank / (n + 1) <= 4 B^2 d / (n + 1) for diam <= 2B and rank <= d. *)
Lemma T_RES_EXP_dimension_bound : forall diam B rank d n,
  0 <= diam <= 2 * B -> 0 <= rank <= d -> 0 <= n ->
  diam ^ 2 * rank / (n + 1) <= 4 * B ^ 2 * d / (n + 1).
Proof.
  intros diam B rank d n Hd Hr Hn.
  assert (diam ^ 2 <= 4 * B ^ 2) by nra.
  assert (0 <= diam ^ 2) by nra.
  assert (diam ^ 2 * rank <= 4 * B ^ 2 * d) by nra.
  unfold Rdiv. apply Rmult_le_compat_r; [apply Rlt_le, Rinv_0_lt_compat; lra|lra].
Qed.

(** ** T-BE *)

(** Two non-negative numbers differ by at most the larger. *)
Lemma T_BE_difference_of_nonnegatives : forall u v, 0 <= u -> 0 <= v -> Rabs (u - v) <= Rmax u v.
Proof.
  intros u v Hu Hv. unfold Rabs, Rmax.
  destruct (Rcase_abs (u - v)), (Rle_dec u v); lra.
Qed.

(** The loss stability: beta KL_z <= beta diam^2 ||e||^2 / 8 <= gamma for ||e|| <= r_u. *)
Lemma T_BE_loss_stability : forall beta d e ru,
  0 <= beta -> 0 <= e <= ru -> beta * d ^ 2 * e ^ 2 / 8 <= beta * d ^ 2 * ru ^ 2 / 8.
Proof. intros. apply T_GA_SHARP_upper_core_monotone; lra. Qed.

(** The expectation: an average of n terms each at most gamma in absolute value is at most gamma. *)
Lemma T_BE_average : forall (t : nat -> R) gamma n,
  (0 < n)%nat -> (forall i, Rabs (t i) <= gamma) -> Rabs (sum0 t n / INR n) <= gamma.
Proof.
  intros t gamma n Hn Ht.
  assert (Hs : Rabs (sum0 t n) <= INR n * gamma).
  { clear Hn. induction n as [|n IH]; cbn [sum0].
    - rewrite Rabs_R0; simpl; lra.
    - rewrite S_INR. eapply Rle_trans; [apply Rabs_triang|]. specialize (Ht n). lra. }
  assert (0 < INR n) by (apply lt_0_INR; exact Hn).
  unfold Rdiv. rewrite Rabs_mult, Rabs_inv, (Rabs_pos_eq (INR n)) by lra.
  apply (Rmult_le_reg_l (INR n)); [lra|].
  replace (INR n * (Rabs (sum0 t n) * / INR n)) with (Rabs (sum0 t n)) by (field; lra).
  lra.
Qed.
