(** * ROUNDING (2): a bound evaluated operation by operation with directed rounding is never
    below its real formula

    A formula is a tree whose leaves are inputs (doubles, exact) and whose nodes are operations
    f with an upward version [up] and a downward version [down] and a direction per argument
    ([true]: f increasing in it, [false]: decreasing). The evaluation computes an enclosure
    [lo, hi] bottom-up: at a node the upper end is [up] applied to the argument ends that make f
    largest, the lower end [down] applied to those that make it smallest. This is how
    org.rlhfbounds.bounds.Theorems evaluates every bound (proofs/ROUNDING.md, item 2). *)

Require Import Reals Psatz.
From Flocq Require Import Core.
From RlhfBounds Require Import Rounding.
Open Scope R_scope.

Inductive expr : Type :=
| Input (v : R)
| Op1 (f up down : R -> R) (inc : bool) (e : expr)
| Op2 (f up down : R -> R -> R) (inc1 inc2 : bool) (e1 e2 : expr).

Fixpoint eval (e : expr) : R :=
  match e with
  | Input v => v
  | Op1 f _ _ _ e1 => f (eval e1)
  | Op2 f _ _ _ _ e1 e2 => f (eval e1) (eval e2)
  end.

(** The end of an enclosure [l, h] that makes an argument of direction [inc] largest / smallest. *)
Definition big (inc : bool) (l h : R) : R := if inc then h else l.
Definition small (inc : bool) (l h : R) : R := if inc then l else h.

(** x is "not after" y in direction inc. *)
Definition dle (inc : bool) (x y : R) : Prop := if inc then x <= y else y <= x.

Fixpoint bounds (e : expr) : R * R :=
  match e with
  | Input v => (v, v)
  | Op1 f up down inc e1 =>
      let (l, h) := bounds e1 in (down (small inc l h), up (big inc l h))
  | Op2 f up down i1 i2 e1 e2 =>
      let (l1, h1) := bounds e1 in
      let (l2, h2) := bounds e2 in
      (down (small i1 l1 h1) (small i2 l2 h2), up (big i1 l1 h1) (big i2 l2 h2))
  end.

(** The side conditions the code checks: each operation monotone in the stated directions on the
    enclosures of its arguments (else the bound is reported not applicable), and each directed
    operation on the right side of the exact one at the arguments it is given (ROUNDING_*_up,
    ROUNDING_*_down of Rounding.v). *)
Fixpoint sound (e : expr) : Prop :=
  match e with
  | Input _ => True
  | Op1 f up down inc e1 =>
      sound e1 /\
      let (l, h) := bounds e1 in
      (forall x y, l <= x <= h -> l <= y <= h -> dle inc x y -> f x <= f y) /\
      f (big inc l h) <= up (big inc l h) /\ down (small inc l h) <= f (small inc l h)
  | Op2 f up down i1 i2 e1 e2 =>
      sound e1 /\ sound e2 /\
      let (l1, h1) := bounds e1 in
      let (l2, h2) := bounds e2 in
      (forall x1 y1 x2 y2, l1 <= x1 <= h1 -> l1 <= y1 <= h1 -> l2 <= x2 <= h2 -> l2 <= y2 <= h2 ->
         dle i1 x1 y1 -> dle i2 x2 y2 -> f x1 x2 <= f y1 y2) /\
      f (big i1 l1 h1) (big i2 l2 h2) <= up (big i1 l1 h1) (big i2 l2 h2) /\
      down (small i1 l1 h1) (small i2 l2 h2) <= f (small i1 l1 h1) (small i2 l2 h2)
  end.

Lemma big_small_facts : forall inc l h v, l <= v <= h ->
  (l <= big inc l h <= h) /\ (l <= small inc l h <= h) /\
  dle inc v (big inc l h) /\ dle inc (small inc l h) v.
Proof. intros [|] l h v H; unfold big, small, dle; simpl; lra. Qed.

Theorem ROUNDING_monotone_composition : forall e, sound e ->
  fst (bounds e) <= eval e <= snd (bounds e).
Proof.
  induction e as [v|f up down inc e1 IH|f up down i1 i2 e1 IH1 e2 IH2]; simpl.
  - lra.
  - intros [S1 Hs]. specialize (IH S1). destruct (bounds e1) as [l h]. simpl in *.
    destruct Hs as [M [Hu Hd]].
    destruct (big_small_facts inc l h (eval e1) IH) as [Bb [Bs [Db Ds]]].
    split.
    + eapply Rle_trans; [exact Hd|]. apply M; try assumption; lra.
    + eapply Rle_trans; [|exact Hu]. apply M; try assumption; lra.
  - intros [S1 [S2 Hs]]. specialize (IH1 S1). specialize (IH2 S2).
    destruct (bounds e1) as [l1 h1]. destruct (bounds e2) as [l2 h2]. simpl in *.
    destruct Hs as [M [Hu Hd]].
    destruct (big_small_facts i1 l1 h1 (eval e1) IH1) as [Bb1 [Bs1 [Db1 Ds1]]].
    destruct (big_small_facts i2 l2 h2 (eval e2) IH2) as [Bb2 [Bs2 [Db2 Ds2]]].
    split.
    + eapply Rle_trans; [exact Hd|]. apply M; try assumption; lra.
    + eapply Rle_trans; [|exact Hu]. apply M; try assumption; lra.
Qed.

(** The upper bound alone, as every bound of Theorems is reported. *)
Corollary ROUNDING_bound_above_formula : forall e, sound e -> eval e <= snd (bounds e).
Proof. intros e H. apply (ROUNDING_monotone_composition e H). Qed.

(** min and max are monotone in both arguments and exact on doubles. *)
Lemma ROUNDING_min_max_monotone : forall x1 y1 x2 y2, x1 <= y1 -> x2 <= y2 ->
  Rmin x1 x2 <= Rmin y1 y2 /\ Rmax x1 x2 <= Rmax y1 y2.
Proof.
  intros. unfold Rmin, Rmax.
  destruct (Rle_dec x1 x2), (Rle_dec y1 y2); split; lra.
Qed.

(** An instance: LEMMA-K's upper core as Theorems.upperCore evaluates it,
    Up.div(Up.mul(Up.mul(beta, Up.mul(diam, diam)), Up.mul(r, r)), 8), is >= beta diam^2 r^2 / 8
    for non-negative doubles (each Up operation is the upward rounding: ROUNDING_mul_up,
    ROUNDING_div_up). *)
Lemma ROUNDING_upper_core_instance : forall beta d r, 0 <= beta -> 0 <= d -> 0 <= r ->
  beta * d ^ 2 * r ^ 2 / 8 <= rup (rup (rup (beta * rup (d * d)) * rup (r * r)) / 8).
Proof.
  intros beta d r Hb Hd Hr.
  assert (U : forall x, x <= rup x) by (intros x; apply round_UP_pt; typeclasses eauto).
  assert (M : forall x y, x <= y -> rup x <= rup y)
    by (intros x y H; apply round_le; [typeclasses eauto|typeclasses eauto|exact H]).
  pose proof (U (d * d)) as H1. pose proof (U (r * r)) as H2.
  assert (0 <= d * d) by nra. assert (0 <= r * r) by nra.
  assert (K3 : beta * (d * d) <= rup (beta * rup (d * d))).
  { eapply Rle_trans; [|apply U]. apply Rmult_le_compat_l; lra. }
  assert (0 <= beta * (d * d)) by nra.
  assert (K4 : beta * (d * d) * (r * r) <= rup (rup (beta * rup (d * d)) * rup (r * r))).
  { eapply Rle_trans; [|apply U]. apply Rmult_le_compat; lra. }
  eapply Rle_trans; [|apply U].
  replace (beta * d ^ 2 * r ^ 2 / 8) with (beta * (d * d) * (r * r) / 8) by (simpl; field).
  unfold Rdiv. apply Rmult_le_compat_r; lra.
Qed.

(** A second instance: LEMMA-K's lower core as Theorems.lowerCore evaluates it,
    s = Up.add(Up.mul(diam, r), Up.mul(p, Up.sqrt(eps))), Up.div(Up.mul(beta, Up.mul(s, s)), 8),
    is >= beta (diam r + p sqrt eps)^2 / 8 for non-negative doubles. *)
Lemma ROUNDING_lower_core_instance : forall beta d r p eps,
  0 <= beta -> 0 <= d -> 0 <= r -> 0 <= p -> 0 <= eps ->
  let s := rup (rup (d * r) + rup (p * rup (sqrt eps))) in
  beta * (d * r + p * sqrt eps) ^ 2 / 8 <= rup (rup (beta * rup (s * s)) / 8).
Proof.
  intros beta d r p eps Hb Hd Hr Hp He s.
  assert (U : forall x, x <= rup x) by (intros x; apply round_UP_pt; typeclasses eauto).
  pose proof (sqrt_pos eps) as Hs.
  assert (K1 : d * r <= rup (d * r)) by apply U.
  assert (K2 : p * sqrt eps <= rup (p * rup (sqrt eps))).
  { eapply Rle_trans; [|apply U]. apply Rmult_le_compat_l; [lra|apply U]. }
  assert (K3 : d * r + p * sqrt eps <= s).
  { unfold s. eapply Rle_trans; [|apply U]. lra. }
  assert (0 <= d * r + p * sqrt eps) by nra.
  assert (K4 : (d * r + p * sqrt eps) ^ 2 <= rup (s * s)).
  { eapply Rle_trans; [|apply U]. simpl. rewrite Rmult_1_r. apply Rmult_le_compat; lra. }
  assert (K5 : beta * (d * r + p * sqrt eps) ^ 2 <= rup (beta * rup (s * s))).
  { eapply Rle_trans; [|apply U]. apply Rmult_le_compat_l; lra. }
  eapply Rle_trans; [|apply U]. unfold Rdiv. apply Rmult_le_compat_r; lra.
Qed.
