(** * ROUNDING: the directed operations of org.rlhfbounds.contracts.rounding.Up and Down

    The model of Java's double arithmetic (IEEE 754-2019 binary64, round to nearest even):
    - a finite double is a real [x] with [format x], Flocq's [generic_format] for
      [FLT_exp (-1074) 53] (53-bit significands, subnormals down to 2^-1074);
    - an operation [a op b] on finite doubles whose result is finite returns [rnd (a op b)],
      [rnd] = Flocq's rounding to nearest, ties to even, with unbounded exponent; the result is
      +-infinity exactly when [Rabs (rnd (a op b))] exceeds [Double.MAX_VALUE] (IEEE 754 7.4);
    - [Math.fma(x, y, z)] is [rnd (x * y + z)], [Math.sqrt(a)] is [rnd (sqrt a)],
      [Math.scalb(x, n)] is [rnd (x * 2^n)] (its Javadoc: "as if performed by a single correctly
      rounded floating-point multiply"), [Math.nextUp] / [Math.nextDown] of a finite double are
      Flocq's [succ] / [pred] (for MAX_VALUE, [succ] is 2^1024 where Java returns +infinity:
      both are above every finite real of interest);
    - [Up.exponent(x)] of a finite non-zero double is floor(log2 |x|) (its Javadoc, subnormals
      included), which is [mag x - 1].
    - [Math.exp], [Math.log], [Math.log1p], [Math.pow] are not modelled: their documented
      accuracy ("within 1 ulp of the exact result", where the ulp of a real is the distance
      between the two doubles bracketing it) is the hypothesis [within_one_ulp] of the lemmas
      about them.

    - a signed zero is the real 0: the Javadoc of Up and Down says the sign of a zero result carries
      no meaning, and every bound compares values, never signs of zeros;
    - the intermediate results of the error-free transformations are finite (Up.sumErrorSign: |s -
      big| = |small - err| with |err| <= ulp(s) / 2; the scaled operands of the products, quotients
      and square roots are below 8 in magnitude), as the Java Javadoc argues; the model has no
      overflow, so the lemmas below assume it for them.

    Every lemma named [ROUNDING_<op>_up] / [ROUNDING_<op>_down] states that the corresponding
    method of Up / Down returns the least double >= (greatest double <= ) the exact value, or,
    for the elementary functions, a double >= (<=) it. *)

Require Import Reals Psatz.
From Flocq Require Import Core Pff2Flocq.
From RlhfBounds Require Import Scalar.
Open Scope R_scope.

Definition emin : Z := (-1074)%Z.
Definition prec : Z := 53%Z.

Notation fexp := (FLT_exp emin prec).
Notation format := (generic_format radix2 fexp).
Notation rnd := (round radix2 fexp ZnearestE).
Notation rup := (round radix2 fexp Zceil).
Notation rdown := (round radix2 fexp Zfloor).
Notation bpow := (bpow radix2).
Notation cexp := (cexp radix2 fexp).
Notation mag := (mag radix2).
Notation succ := (succ radix2 fexp).
Notation pred := (pred radix2 fexp).
Notation ulp := (ulp radix2 fexp).

#[export] Instance prec_gt_0_53 : Prec_gt_0 prec.
Proof. unfold Prec_gt_0, prec; lia. Qed.

(** The largest finite double, Double.MAX_VALUE = (2^53 - 1) 2^971. *)
Definition max_value : R := F2R (Float radix2 (2 ^ 53 - 1) 971).

(** The sign of a real, as Up.signum returns it. *)
Definition sgn (x : R) : Z :=
  if Rlt_dec 0 x then 1%Z else if Rlt_dec x 0 then (-1)%Z else 0%Z.

(** ** Directed rounding from the nearest result and the sign of its error *)

(** Up: [r = rnd x] moved to [succ r] exactly when the error [x - r] is positive is the
    upward rounding of [x]. *)
Lemma ROUNDING_up_from_nearest : forall x,
  (if Rlt_dec 0 (x - rnd x) then succ (rnd x) else rnd x) = rup x.
Proof.
  intros x.
  destruct (round_DN_or_UP radix2 fexp ZnearestE x) as [E|E]; rewrite E.
  - destruct (Rlt_dec 0 (x - rdown x)) as [H|H].
    + apply succ_DN_eq_UP; [typeclasses eauto|].
      intros F. rewrite (round_generic radix2 fexp Zfloor x F) in H. lra.
    + assert (Hd : rdown x <= x) by (apply round_DN_pt; typeclasses eauto).
      assert (Eq : rdown x = x) by lra.
      assert (F : format x) by (rewrite <- Eq; apply generic_format_round; typeclasses eauto).
      rewrite (round_generic radix2 fexp Zceil x F); exact Eq.
  - destruct (Rlt_dec 0 (x - rup x)) as [H|H]; [|reflexivity].
    assert (x <= rup x) by (apply round_UP_pt; typeclasses eauto). lra.
Qed.

(** Down: the mirror image. *)
Lemma ROUNDING_down_from_nearest : forall x,
  (if Rlt_dec (x - rnd x) 0 then pred (rnd x) else rnd x) = rdown x.
Proof.
  intros x.
  destruct (round_DN_or_UP radix2 fexp ZnearestE x) as [E|E]; rewrite E.
  - destruct (Rlt_dec (x - rdown x) 0) as [H|H]; [|reflexivity].
    assert (rdown x <= x) by (apply round_DN_pt; typeclasses eauto). lra.
  - destruct (Rlt_dec (x - rup x) 0) as [H|H].
    + apply pred_UP_eq_DN; [typeclasses eauto|].
      intros F. rewrite (round_generic radix2 fexp Zceil x F) in H. lra.
    + assert (Hu : x <= rup x) by (apply round_UP_pt; typeclasses eauto).
      assert (Eq : rup x = x) by lra.
      assert (F : format x) by (rewrite <- Eq; apply generic_format_round; typeclasses eauto).
      rewrite (round_generic radix2 fexp Zfloor x F); exact Eq.
Qed.

(** The upward rounding is the least double >= x; the downward one the greatest double <= x. *)
Lemma ROUNDING_up_is_least : forall x,
  format (rup x) /\ x <= rup x /\ forall f, format f -> x <= f -> rup x <= f.
Proof.
  intros x; destruct (round_UP_pt radix2 fexp x) as [F [H1 H2]]. auto.
Qed.

Lemma ROUNDING_down_is_greatest : forall x,
  format (rdown x) /\ rdown x <= x /\ forall f, format f -> f <= x -> f <= rdown x.
Proof.
  intros x; destruct (round_DN_pt radix2 fexp x) as [F [H1 H2]]. auto.
Qed.

Lemma sgn_pos : forall x, (sgn x = 1)%Z <-> 0 < x.
Proof.
  intros x; unfold sgn; destruct (Rlt_dec 0 x); [tauto|].
  destruct (Rlt_dec x 0); split; intros H; try discriminate; try reflexivity; lra.
Qed.

Lemma sgn_neg : forall x, (sgn x = -1)%Z <-> x < 0.
Proof.
  intros x; unfold sgn; destruct (Rlt_dec 0 x); [split; intros H; [discriminate|lra]|].
  destruct (Rlt_dec x 0); split; intros H; try discriminate; try reflexivity; lra.
Qed.

(** ** Overflow of the nearest result *)

Lemma max_value_format : format max_value.
Proof.
  apply generic_format_F2R; intros _.
  unfold cexp, max_value.
  rewrite mag_F2R_Zdigits by (compute; discriminate).
  unfold FLT_exp, emin, prec. simpl. lia.
Qed.

(** When the nearest result overflows below -MAX_VALUE, the exact value is below -MAX_VALUE, so
    Up's -MAX_VALUE is an upper bound; the mirror for Down's MAX_VALUE. *)
Lemma ROUNDING_overflow_up : forall x, rnd x < - max_value -> x <= - max_value.
Proof.
  intros x H. destruct (Rle_dec x (- max_value)) as [H'|H']; [exact H'|].
  assert (- max_value <= rnd x).
  { rewrite <- (round_generic radix2 fexp ZnearestE (- max_value))
      by (apply generic_format_opp, max_value_format).
    apply round_le; [typeclasses eauto|typeclasses eauto|lra]. }
  lra.
Qed.

Lemma ROUNDING_overflow_down : forall x, max_value < rnd x -> max_value <= x.
Proof.
  intros x H. destruct (Rle_dec max_value x) as [H'|H']; [exact H'|].
  assert (rnd x <= max_value).
  { rewrite <- (round_generic radix2 fexp ZnearestE max_value) by apply max_value_format.
    apply round_le; [typeclasses eauto|typeclasses eauto|lra]. }
  lra.
Qed.

(** ** Sums: Dekker's Fast2Sum, as Up.sumErrorSign computes it *)

Lemma choice_sym_NE : forall x : Z,
  negb (Z.even x) = negb (negb (Z.even (- (x + 1)))).
Proof.
  intros x. rewrite Bool.negb_involutive, Z.even_opp, Z.even_add. simpl.
  destruct (Z.even x); reflexivity.
Qed.

(** Up.sumErrorSign: with [big] the argument of larger magnitude, [z = fl(s - big)] and
    [err = fl(small - z)], err is exactly a + b - s. *)
Definition sum_error (a b : R) : R :=
  let s := rnd (a + b) in
  let big := if Rle_dec (Rabs b) (Rabs a) then a else b in
  let small := if Rle_dec (Rabs b) (Rabs a) then b else a in
  let z := rnd (s - big) in
  rnd (small - z).

Lemma ROUNDING_fast2sum_exact : forall a b, format a -> format b ->
  sum_error a b = a + b - rnd (a + b).
Proof.
  intros a b Fa Fb. unfold sum_error.
  assert (Key : forall x y, format x -> format y -> Rabs y <= Rabs x ->
            rnd (y - rnd (rnd (x + y) - x)) = x + y - rnd (x + y)).
  { intros x y Fx Fy Hxy.
    pose proof (Fast2Sum_correct emin prec (fun z => negb (Z.even z)) ltac:(unfold prec; lia)
                  ltac:(unfold emin; lia) choice_sym_NE x y Fx Fy Hxy) as H.
    simpl in H. fold (@ZnearestE) in H.
    replace (rnd (x + y) - x) with (- (x - rnd (x + y))) by ring.
    rewrite round_NE_opp.
    replace (y - - rnd (x - rnd (x + y))) with (y + rnd (x - rnd (x + y))) by ring.
    lra. }
  destruct (Rle_dec (Rabs b) (Rabs a)) as [H|H].
  - apply Key; assumption.
  - rewrite (Rplus_comm a b). apply Key; try assumption. lra.
Qed.

(** Up.add / Up.sub (finite sum): the least double >= a + b (resp. a - b). *)
Definition up_sum (a b : R) : R :=
  if Rlt_dec 0 (sum_error a b) then succ (rnd (a + b)) else rnd (a + b).

Definition down_sum (a b : R) : R :=
  if Rlt_dec (sum_error a b) 0 then pred (rnd (a + b)) else rnd (a + b).

Lemma ROUNDING_add_up : forall a b, format a -> format b ->
  up_sum a b = rup (a + b) /\ a + b <= up_sum a b.
Proof.
  intros a b Fa Fb. unfold up_sum. rewrite ROUNDING_fast2sum_exact by assumption.
  rewrite ROUNDING_up_from_nearest. split; [reflexivity|].
  apply round_UP_pt; typeclasses eauto.
Qed.

Lemma ROUNDING_sub_up : forall a b, format a -> format b ->
  up_sum a (- b) = rup (a - b) /\ a - b <= up_sum a (- b).
Proof.
  intros a b Fa Fb. apply ROUNDING_add_up; [assumption|]. now apply generic_format_opp.
Qed.

Lemma ROUNDING_add_down : forall a b, format a -> format b ->
  down_sum a b = rdown (a + b) /\ down_sum a b <= a + b.
Proof.
  intros a b Fa Fb. unfold down_sum. rewrite ROUNDING_fast2sum_exact by assumption.
  rewrite ROUNDING_down_from_nearest. split; [reflexivity|].
  apply round_DN_pt; typeclasses eauto.
Qed.

Lemma ROUNDING_sub_down : forall a b, format a -> format b ->
  down_sum a (- b) = rdown (a - b) /\ down_sum a (- b) <= a - b.
Proof.
  intros a b Fa Fb. apply ROUNDING_add_down; [assumption|]. now apply generic_format_opp.
Qed.

(** ** Lattices: x is an integer multiple of 2^e *)

Definition lattice (e : Z) (x : R) : Prop := exists m : Z, x = IZR m * bpow e.

Lemma lattice_format : forall x, format x -> lattice (cexp x) x.
Proof.
  intros x Fx. exists (Ztrunc (scaled_mantissa radix2 fexp x)).
  rewrite Fx at 1. reflexivity.
Qed.

Lemma lattice_weaken : forall e e' x, (e' <= e)%Z -> lattice e x -> lattice e' x.
Proof.
  intros e e' x He [m Hm]. exists (m * 2 ^ (e - e'))%Z.
  rewrite Hm, mult_IZR, (IZR_Zpower radix2) by lia.
  rewrite Rmult_assoc, <- bpow_plus. f_equal. f_equal. lia.
Qed.

Lemma lattice_mult : forall e f x y, lattice e x -> lattice f y -> lattice (e + f) (x * y).
Proof.
  intros e f x y [m Hm] [n Hn]. exists (m * n)%Z.
  rewrite Hm, Hn, mult_IZR, bpow_plus. ring.
Qed.

Lemma lattice_minus : forall e x y, lattice e x -> lattice e y -> lattice e (x - y).
Proof.
  intros e x y [m Hm] [n Hn]. exists (m - n)%Z. rewrite Hm, Hn, minus_IZR. ring.
Qed.

Lemma lattice_scale : forall e k x, lattice e x -> lattice (e + k) (x * bpow k).
Proof.
  intros e k x [m Hm]. exists m. rewrite Hm, bpow_plus. ring.
Qed.

Lemma lattice_nonzero : forall e x, lattice e x -> x <> 0 -> bpow e <= Rabs x.
Proof.
  intros e x [m Hm] Hx. rewrite Hm, Rabs_mult, (Rabs_pos_eq (bpow e)) by apply bpow_ge_0.
  assert (m <> 0%Z) by (intros ->; apply Hx; rewrite Hm; ring).
  rewrite <- abs_IZR.
  assert (1 <= IZR (Z.abs m)) by (apply IZR_le; lia).
  pose proof (bpow_gt_0 radix2 e). nra.
Qed.

(** Rounding to nearest keeps the sign of a multiple of 2^-1074 (no underflow to zero). *)
Lemma ROUNDING_round_keeps_sign : forall x, lattice emin x -> sgn (rnd x) = sgn x.
Proof.
  intros x Hx.
  assert (Fb : format (bpow emin)) by (apply generic_format_FLT_bpow; [typeclasses eauto|unfold emin; lia]).
  destruct (Req_dec x 0) as [Z|Z].
  - subst. rewrite round_0 by typeclasses eauto. reflexivity.
  - pose proof (lattice_nonzero _ _ Hx Z) as H. pose proof (bpow_gt_0 radix2 emin).
    unfold Rabs in H; destruct (Rcase_abs x) as [N|P].
    + assert (rnd x <= - bpow emin).
      { rewrite <- (round_generic radix2 fexp ZnearestE (- bpow emin))
          by now apply generic_format_opp.
        apply round_le; [typeclasses eauto|typeclasses eauto|lra]. }
      unfold sgn. destruct (Rlt_dec 0 (rnd x)); [lra|].
      destruct (Rlt_dec 0 x); [lra|]. destruct (Rlt_dec (rnd x) 0); [|lra].
      destruct (Rlt_dec x 0); [reflexivity|lra].
    + assert (bpow emin <= rnd x).
      { rewrite <- (round_generic radix2 fexp ZnearestE (bpow emin)) by exact Fb.
        apply round_le; [typeclasses eauto|typeclasses eauto|lra]. }
      unfold sgn. destruct (Rlt_dec 0 (rnd x)); [|lra]. destruct (Rlt_dec 0 x); [reflexivity|lra].
Qed.

(** ** Exact scaling by powers of two (Math.scalb) *)

Lemma cexp_ge_emin : forall x, (emin <= cexp x)%Z.
Proof. intros x. unfold cexp, FLT_exp. lia. Qed.

Lemma cexp_ge_mag : forall x, (mag x - prec <= cexp x)%Z.
Proof. intros x. unfold cexp, FLT_exp. lia. Qed.

(** Scaling a double by 2^k is exact when no bit drops below 2^-1074. *)
Lemma scale_exact : forall x k, format x -> (emin <= cexp x + k)%Z ->
  rnd (x * bpow k) = x * bpow k.
Proof.
  intros x k Fx Hk. apply round_generic; [typeclasses eauto|].
  destruct (Req_dec x 0) as [Z|Z].
  - subst. rewrite Rmult_0_l. apply generic_format_0.
  - assert (E : x * bpow k = F2R (Float radix2 (Ztrunc (scaled_mantissa radix2 fexp x))
                                        (cexp x + k))).
    { rewrite Fx at 1. unfold F2R; simpl. rewrite bpow_plus. ring. }
    rewrite E. apply generic_format_F2R. intros Hm. rewrite <- E.
    unfold cexp at 1. rewrite mag_mult_bpow by exact Z.
    unfold FLT_exp. pose proof (cexp_ge_mag x). unfold FLT_exp in *. lia.
Qed.

(** |rnd x| >= 2^e whenever |x| >= 2^e: the rounded result has exponent >= e - 52. *)
Lemma cexp_round_ge : forall x e, bpow e <= Rabs x -> rnd x <> 0 -> (e - 52 <= cexp (rnd x))%Z.
Proof.
  intros x e H Hn.
  destruct (Z_lt_le_dec e emin) as [L|L].
  - pose proof (cexp_ge_emin (rnd x)). lia.
  - assert (bpow e <= Rabs (rnd x)).
    { apply abs_round_ge_generic; [typeclasses eauto|typeclasses eauto| |exact H].
      apply generic_format_FLT_bpow; [typeclasses eauto|exact L]. }
    assert (e + 1 <= mag (rnd x))%Z by (apply mag_ge_bpow; replace (e + 1 - 1)%Z with e by lia; lra).
    pose proof (cexp_ge_mag (rnd x)). unfold prec in *. lia.
Qed.

(** A double scaled by 2^-(mag x - 1) lies in [1, 2) in magnitude and on the lattice 2^-52. *)
Lemma scaled_operand : forall x, format x -> x <> 0 ->
  let xs := rnd (x * bpow (- (mag x - 1))) in
  xs = x * bpow (- (mag x - 1)) /\ lattice (-52) xs.
Proof.
  intros x Fx Hx xs.
  assert (Ex : xs = x * bpow (- (mag x - 1))).
  { apply scale_exact; [exact Fx|]. pose proof (cexp_ge_mag x). unfold prec, emin in *. lia. }
  split; [exact Ex|]. rewrite Ex.
  apply (lattice_weaken (cexp x + - (mag x - 1))).
  - pose proof (cexp_ge_mag x). unfold prec in *. lia.
  - apply lattice_scale, lattice_format, Fx.
Qed.

(** ** Products: Up.productErrorSign *)

Definition product_error_sign (a b : R) : Z :=
  let p := rnd (a * b) in
  if Req_EM_T a 0 then 0%Z else if Req_EM_T b 0 then 0%Z else
  let ea := (mag a - 1)%Z in
  let eb := (mag b - 1)%Z in
  let as_ := rnd (a * bpow (- ea)) in
  let bs := rnd (b * bpow (- eb)) in
  let ps := rnd (p * bpow (- (ea + eb))) in
  sgn (rnd (as_ * bs + - ps)).

Lemma ROUNDING_product_error_sign : forall a b, format a -> format b ->
  product_error_sign a b = sgn (a * b - rnd (a * b)).
Proof.
  intros a b Fa Fb. unfold product_error_sign.
  destruct (Req_EM_T a 0) as [Z|Za].
  { subst. rewrite Rmult_0_l, round_0 by typeclasses eauto.
    unfold sgn. destruct (Rlt_dec 0 (0 - 0)); [lra|]. destruct (Rlt_dec (0 - 0) 0); [lra|]. reflexivity. }
  destruct (Req_EM_T b 0) as [Z|Zb].
  { subst. rewrite Rmult_0_r, round_0 by typeclasses eauto.
    unfold sgn. destruct (Rlt_dec 0 (0 - 0)); [lra|]. destruct (Rlt_dec (0 - 0) 0); [lra|]. reflexivity. }
  set (ea := (mag a - 1)%Z). set (eb := (mag b - 1)%Z). set (p := rnd (a * b)).
  destruct (scaled_operand a Fa Za) as [Ea La]. destruct (scaled_operand b Fb Zb) as [Eb Lb].
  fold ea in Ea, La. fold eb in Eb, Lb.
  assert (Fp : format p) by (apply generic_format_round; typeclasses eauto).
  (* the scaled product is exact and on the lattice 2^-52 *)
  assert (Hab : bpow (ea + eb) <= Rabs (a * b)).
  { rewrite Rabs_mult, bpow_plus.
    pose proof (bpow_mag_le radix2 a Za). pose proof (bpow_mag_le radix2 b Zb).
    apply Rmult_le_compat; try apply bpow_ge_0; assumption. }
  assert (Hp : p = 0 \/ (ea + eb - 52 <= cexp p)%Z).
  { destruct (Req_dec p 0) as [Z|Z]; [now left|right]. now apply cexp_round_ge. }
  assert (Eps : rnd (p * bpow (- (ea + eb))) = p * bpow (- (ea + eb)) /\
                lattice (-52) (rnd (p * bpow (- (ea + eb))))).
  { destruct Hp as [Z|Hp].
    - rewrite Z, Rmult_0_l, round_0 by typeclasses eauto. split; [reflexivity|].
      exists 0%Z. ring.
    - assert (E : rnd (p * bpow (- (ea + eb))) = p * bpow (- (ea + eb)))
        by (apply scale_exact; [exact Fp|apply (Z.le_trans _ (-52)); [unfold emin; lia|lia]]).
      split; [exact E|]. rewrite E.
      apply (lattice_weaken (cexp p + - (ea + eb))); [lia|].
      apply lattice_scale, lattice_format, Fp. }
  destruct Eps as [Ep Lp].
  set (as_ := rnd (a * bpow (- ea))) in *. set (bs := rnd (b * bpow (- eb))) in *.
  set (ps := rnd (p * bpow (- (ea + eb)))) in *.
  assert (Lr : lattice emin (as_ * bs + - ps)).
  { replace (as_ * bs + - ps) with (as_ * bs - ps) by ring.
    apply (lattice_weaken (-104)); [unfold emin; lia|].
    apply lattice_minus.
    - replace (-104)%Z with (-52 + -52)%Z by lia. now apply lattice_mult.
    - apply (lattice_weaken (-52)); [lia|exact Lp]. }
  rewrite ROUNDING_round_keeps_sign by exact Lr.
  replace (as_ * bs + - ps) with ((a * b - p) * bpow (- (ea + eb))).
  2:{ rewrite Ea, Eb, Ep. replace (- (ea + eb))%Z with (- ea + - eb)%Z by lia.
      rewrite bpow_plus. ring. }
  pose proof (bpow_gt_0 radix2 (- (ea + eb))).
  unfold sgn. destruct (Rlt_dec 0 (a * b - p)); destruct (Rlt_dec 0 ((a * b - p) * bpow (- (ea + eb))));
    try nra; destruct (Rlt_dec (a * b - p) 0); destruct (Rlt_dec ((a * b - p) * bpow (- (ea + eb))) 0);
    try nra; reflexivity.
Qed.

(** ** From the sign of the error to the directed result *)

Lemma up_of_sign : forall x s, s = sgn (x - rnd x) ->
  (if (0 <? s)%Z then succ (rnd x) else rnd x) = rup x.
Proof.
  intros x s ->. rewrite <- ROUNDING_up_from_nearest.
  unfold sgn. destruct (Rlt_dec 0 (x - rnd x)); [reflexivity|].
  destruct (Rlt_dec (x - rnd x) 0); reflexivity.
Qed.

Lemma down_of_sign : forall x s, s = sgn (x - rnd x) ->
  (if (s <? 0)%Z then pred (rnd x) else rnd x) = rdown x.
Proof.
  intros x s ->. rewrite <- ROUNDING_down_from_nearest.
  unfold sgn. destruct (Rlt_dec 0 (x - rnd x)) as [H|H].
  - destruct (Rlt_dec (x - rnd x) 0); [lra|reflexivity].
  - destruct (Rlt_dec (x - rnd x) 0); reflexivity.
Qed.

(** Up.mul / Down.mul (finite product): the least double >= a b, the greatest double <= a b. *)
Definition up_mul (a b : R) : R :=
  if (0 <? product_error_sign a b)%Z then succ (rnd (a * b)) else rnd (a * b).

Definition down_mul (a b : R) : R :=
  if (product_error_sign a b <? 0)%Z then pred (rnd (a * b)) else rnd (a * b).

Lemma ROUNDING_mul_up : forall a b, format a -> format b ->
  up_mul a b = rup (a * b) /\ a * b <= up_mul a b.
Proof.
  intros a b Fa Fb. unfold up_mul.
  rewrite (up_of_sign (a * b)) by now apply ROUNDING_product_error_sign.
  split; [reflexivity|]. apply round_UP_pt; typeclasses eauto.
Qed.

Lemma ROUNDING_mul_down : forall a b, format a -> format b ->
  down_mul a b = rdown (a * b) /\ down_mul a b <= a * b.
Proof.
  intros a b Fa Fb. unfold down_mul.
  rewrite (down_of_sign (a * b)) by now apply ROUNDING_product_error_sign.
  split; [reflexivity|]. apply round_DN_pt; typeclasses eauto.
Qed.

(** ** Quotients: Up.quotientErrorSign *)

Lemma sgn_scale : forall x c, 0 < c -> sgn (x * c) = sgn x.
Proof.
  intros x c Hc. unfold sgn.
  destruct (Rlt_dec 0 x); destruct (Rlt_dec 0 (x * c)); try nra;
  destruct (Rlt_dec x 0); destruct (Rlt_dec (x * c) 0); try nra; reflexivity.
Qed.

Lemma sgn_div : forall x y, y <> 0 -> sgn (x / y) = (sgn x * sgn y)%Z.
Proof.
  intros x y Hy. destruct (Rlt_dec 0 y) as [P|P].
  - assert (sgn y = 1%Z) by now apply sgn_pos. rewrite H, Z.mul_1_r.
    unfold Rdiv; apply sgn_scale, Rinv_0_lt_compat, P.
  - assert (N : y < 0) by lra. assert (sgn y = (-1)%Z) by now apply sgn_neg. rewrite H.
    replace (x / y) with (- x * / (- y)) by (field; exact Hy).
    rewrite sgn_scale by (apply Rinv_0_lt_compat; lra).
    unfold sgn. destruct (Rlt_dec 0 (- x)); destruct (Rlt_dec 0 x); try lra;
    destruct (Rlt_dec (- x) 0); destruct (Rlt_dec x 0); try lra; reflexivity.
Qed.

Definition quotient_error_sign (a b : R) : Z :=
  let q := rnd (a / b) in
  if Req_EM_T a 0 then 0%Z else
  let ea := (mag a - 1)%Z in
  let eb := (mag b - 1)%Z in
  let as_ := rnd (a * bpow (- ea)) in
  let bs := rnd (b * bpow (- eb)) in
  let qs := rnd (q * bpow (eb - ea)) in
  (sgn (rnd (- qs * bs + as_)) * sgn bs)%Z.

Lemma ROUNDING_quotient_error_sign : forall a b, format a -> format b -> b <> 0 ->
  quotient_error_sign a b = sgn (a / b - rnd (a / b)).
Proof.
  intros a b Fa Fb Zb. unfold quotient_error_sign.
  destruct (Req_EM_T a 0) as [Z|Za].
  { subst. unfold Rdiv. rewrite Rmult_0_l, round_0 by typeclasses eauto.
    unfold sgn. destruct (Rlt_dec 0 (0 - 0)); [lra|]. destruct (Rlt_dec (0 - 0) 0); [lra|]. reflexivity. }
  set (ea := (mag a - 1)%Z). set (eb := (mag b - 1)%Z). set (q := rnd (a / b)).
  destruct (scaled_operand a Fa Za) as [Ea La]. destruct (scaled_operand b Fb Zb) as [Eb Lb].
  fold ea in Ea, La. fold eb in Eb, Lb.
  assert (Fq : format q) by (apply generic_format_round; typeclasses eauto).
  assert (Hab : bpow (ea - eb - 1) <= Rabs (a / b)).
  { pose proof (bpow_mag_le radix2 a Za) as H1. pose proof (bpow_mag_gt radix2 b) as H2.
    change (bpow (mag a - 1)) with (bpow ea) in H1.
    assert (E2 : bpow (mag b) = bpow (eb + 1)) by (unfold eb; f_equal; lia).
    rewrite E2 in H2.
    unfold Rdiv. rewrite Rabs_mult, Rabs_inv.
    replace (ea - eb - 1)%Z with (ea + - (eb + 1))%Z by lia. rewrite bpow_plus, bpow_opp.
    pose proof (bpow_gt_0 radix2 (eb + 1)). pose proof (bpow_gt_0 radix2 ea).
    assert (0 < Rabs b) by (apply Rabs_pos_lt, Zb).
    apply Rmult_le_compat; try lra; [apply Rlt_le, Rinv_0_lt_compat; lra|].
    apply Rinv_le_contravar; lra. }
  assert (Hq : q = 0 \/ (ea - eb - 53 <= cexp q)%Z).
  { destruct (Req_dec q 0) as [Z|Z]; [now left|right].
    pose proof (cexp_round_ge _ _ Hab Z) as Hc. fold q in Hc. lia. }
  assert (Eqs : rnd (q * bpow (eb - ea)) = q * bpow (eb - ea) /\
                lattice (-53) (rnd (q * bpow (eb - ea)))).
  { destruct Hq as [Z|Hq].
    - rewrite Z, Rmult_0_l, round_0 by typeclasses eauto. split; [reflexivity|].
      exists 0%Z. ring.
    - assert (E : rnd (q * bpow (eb - ea)) = q * bpow (eb - ea))
        by (apply scale_exact; [exact Fq|apply (Z.le_trans _ (-53)); [unfold emin; lia|lia]]).
      split; [exact E|]. rewrite E.
      apply (lattice_weaken (cexp q + (eb - ea))); [lia|].
      apply lattice_scale, lattice_format, Fq. }
  destruct Eqs as [Eq Lq].
  set (as_ := rnd (a * bpow (- ea))) in *. set (bs := rnd (b * bpow (- eb))) in *.
  set (qs := rnd (q * bpow (eb - ea))) in *.
  assert (Lr : lattice emin (- qs * bs + as_)).
  { replace (- qs * bs + as_) with (as_ - qs * bs) by ring.
    apply (lattice_weaken (-105)); [unfold emin; lia|].
    apply lattice_minus.
    - apply (lattice_weaken (-52)); [lia|exact La].
    - replace (-105)%Z with (-53 + -52)%Z by lia. apply lattice_mult; [exact Lq|exact Lb]. }
  rewrite ROUNDING_round_keeps_sign by exact Lr.
  assert (Hbs : bs <> 0).
  { rewrite Eb. apply Rmult_integral_contrapositive; split; [exact Zb|].
    apply Rgt_not_eq, bpow_gt_0. }
  rewrite <- sgn_div by exact Hbs.
  rewrite <- (sgn_scale _ (bpow (ea - eb))) by apply bpow_gt_0.
  f_equal. rewrite Ea, Eb, Eq.
  replace (eb - ea)%Z with (- (ea - eb))%Z by lia.
  replace (- ea)%Z with (- (ea - eb) + - eb)%Z by lia.
  rewrite !bpow_plus, !bpow_opp.
  pose proof (bpow_gt_0 radix2 (ea - eb)). pose proof (bpow_gt_0 radix2 eb).
  field. repeat split; lra.
Qed.

Definition up_div (a b : R) : R :=
  if (0 <? quotient_error_sign a b)%Z then succ (rnd (a / b)) else rnd (a / b).

Definition down_div (a b : R) : R :=
  if (quotient_error_sign a b <? 0)%Z then pred (rnd (a / b)) else rnd (a / b).

Lemma ROUNDING_div_up : forall a b, format a -> format b -> b <> 0 ->
  up_div a b = rup (a / b) /\ a / b <= up_div a b.
Proof.
  intros a b Fa Fb Zb. unfold up_div.
  rewrite (up_of_sign (a / b)) by now apply ROUNDING_quotient_error_sign.
  split; [reflexivity|]. apply round_UP_pt; typeclasses eauto.
Qed.

Lemma ROUNDING_div_down : forall a b, format a -> format b -> b <> 0 ->
  down_div a b = rdown (a / b) /\ down_div a b <= a / b.
Proof.
  intros a b Fa Fb Zb. unfold down_div.
  rewrite (down_of_sign (a / b)) by now apply ROUNDING_quotient_error_sign.
  split; [reflexivity|]. apply round_DN_pt; typeclasses eauto.
Qed.

(** ** Square roots: Up.sqrtErrorSign *)

Definition sqrt_error_sign (a : R) : Z :=
  let r := rnd (sqrt a) in
  let k := Z.div (mag a - 1) 2 in
  let as_ := rnd (a * bpow (- (2 * k))) in
  let rs := rnd (r * bpow (- k)) in
  sgn (rnd (- rs * rs + as_)).

Lemma ROUNDING_sqrt_error_sign : forall a, format a -> 0 < a ->
  sqrt_error_sign a = sgn (sqrt a - rnd (sqrt a)).
Proof.
  intros a Fa Pa. unfold sqrt_error_sign.
  set (k := Z.div (mag a - 1) 2). set (r := rnd (sqrt a)).
  assert (Hk : (2 * k <= mag a - 1 /\ mag a - 1 < 2 * k + 2)%Z).
  { unfold k. pose proof (Z.mul_div_le (mag a - 1) 2 ltac:(lia)).
    pose proof (Z.mod_pos_bound (mag a - 1) 2 ltac:(lia)).
    pose proof (Z.div_mod (mag a - 1) 2 ltac:(lia)). lia. }
  assert (Ha : bpow (2 * k) <= a).
  { pose proof (bpow_mag_le radix2 a ltac:(lra)). rewrite Rabs_pos_eq in H by lra.
    eapply Rle_trans; [|exact H]. apply bpow_le. lia. }
  assert (Hs : bpow k <= sqrt a).
  { rewrite <- (sqrt_square (bpow k)) by apply bpow_ge_0. apply sqrt_le_1_alt.
    rewrite <- bpow_plus. replace (k + k)%Z with (2 * k)%Z by lia. exact Ha. }
  assert (Hke : (emin <= k)%Z).
  { assert (mag a - 1 >= emin)%Z.
    { destruct (Z_lt_le_dec (mag a - 1) emin) as [L|L]; [|lia].
      exfalso. pose proof (lattice_nonzero _ _ (lattice_weaken (cexp a) emin a
                 (cexp_ge_emin a) (lattice_format a Fa)) ltac:(lra)) as H1.
      pose proof (bpow_mag_gt radix2 a) as H2.
      assert (bpow (mag a) <= bpow emin) by (apply bpow_le; lia). lra. }
    unfold emin in *. lia. }
  assert (Fr : format r) by (apply generic_format_round; typeclasses eauto).
  assert (Hr : bpow k <= r).
  { rewrite <- (round_generic radix2 fexp ZnearestE (bpow k))
      by (apply generic_format_FLT_bpow; [typeclasses eauto|exact Hke]).
    apply round_le; [typeclasses eauto|typeclasses eauto|exact Hs]. }
  pose proof (bpow_gt_0 radix2 k).
  assert (Hc : (k - 52 <= cexp r)%Z).
  { apply cexp_round_ge; [rewrite Rabs_pos_eq; [exact Hs|lra]|fold r; lra]. }
  assert (Ers : rnd (r * bpow (- k)) = r * bpow (- k))
    by (apply scale_exact; [exact Fr|apply (Z.le_trans _ (-52)); [unfold emin; lia|lia]]).
  assert (Lrs : lattice (-52) (rnd (r * bpow (- k)))).
  { rewrite Ers. apply (lattice_weaken (cexp r + - k)); [lia|].
    apply lattice_scale, lattice_format, Fr. }
  assert (Eas : rnd (a * bpow (- (2 * k))) = a * bpow (- (2 * k))).
  { apply scale_exact; [exact Fa|]. pose proof (cexp_ge_mag a). unfold prec in *.
    apply (Z.le_trans _ (-52)); [unfold emin; lia|lia]. }
  assert (Las : lattice (-52) (rnd (a * bpow (- (2 * k))))).
  { rewrite Eas. apply (lattice_weaken (cexp a + - (2 * k))).
    - pose proof (cexp_ge_mag a). unfold prec in *. lia.
    - apply lattice_scale, lattice_format, Fa. }
  set (as_ := rnd (a * bpow (- (2 * k)))) in *. set (rs := rnd (r * bpow (- k))) in *.
  assert (Lr : lattice emin (- rs * rs + as_)).
  { replace (- rs * rs + as_) with (as_ - rs * rs) by ring.
    apply (lattice_weaken (-104)); [unfold emin; lia|].
    apply lattice_minus.
    - apply (lattice_weaken (-52)); [lia|exact Las].
    - replace (-104)%Z with (-52 + -52)%Z by lia. now apply lattice_mult. }
  rewrite ROUNDING_round_keeps_sign by exact Lr.
  (* a - r^2 = 2^(2k) (as - rs^2), and sqrt a - r has the sign of a - r^2 *)
  assert (E : - rs * rs + as_ = (a - r * r) * bpow (- (2 * k))).
  { rewrite Ers, Eas. replace (- (2 * k))%Z with (- k + - k)%Z by lia.
    rewrite bpow_plus. ring. }
  rewrite E, sgn_scale by apply bpow_gt_0.
  assert (Esq : a - r * r = (sqrt a - r) * (sqrt a + r))
    by (rewrite <- (sqrt_sqrt a) at 1 by lra; ring).
  rewrite Esq, sgn_scale by lra. reflexivity.
Qed.

Definition up_sqrt (a : R) : R :=
  if (0 <? sqrt_error_sign a)%Z then succ (rnd (sqrt a)) else rnd (sqrt a).

Definition down_sqrt (a : R) : R :=
  if (sqrt_error_sign a <? 0)%Z then pred (rnd (sqrt a)) else rnd (sqrt a).

(** Up.sqrt / Down.sqrt for a > 0 (a = 0 and a = +inf are returned exactly). *)
Lemma ROUNDING_sqrt_up : forall a, format a -> 0 < a ->
  up_sqrt a = rup (sqrt a) /\ sqrt a <= up_sqrt a.
Proof.
  intros a Fa Pa. unfold up_sqrt.
  rewrite (up_of_sign (sqrt a)) by now apply ROUNDING_sqrt_error_sign.
  split; [reflexivity|]. apply round_UP_pt; typeclasses eauto.
Qed.

Lemma ROUNDING_sqrt_down : forall a, format a -> 0 < a ->
  down_sqrt a = rdown (sqrt a) /\ down_sqrt a <= sqrt a.
Proof.
  intros a Fa Pa. unfold down_sqrt.
  rewrite (down_of_sign (sqrt a)) by now apply ROUNDING_sqrt_error_sign.
  split; [reflexivity|]. apply round_DN_pt; typeclasses eauto.
Qed.

(** ** Elementary functions: two ulps outward from a 1-ulp library result *)

(** The documented accuracy of java.lang.Math.exp, log, log1p and pow, as a hypothesis about the
    library's result [r] for the exact value [y]: [r] is a double within one ulp of [y], where
    the ulp of a real is the distance between the two doubles bracketing it (Flocq's [ulp y],
    see [round_UP_DN_ulp]). *)
Definition within_one_ulp (y r : R) : Prop := format r /\ Rabs (r - y) <= ulp y.

Lemma format_gt_neg_min : forall r, format r -> - bpow emin < r -> 0 <= r.
Proof.
  intros r Fr H. destruct (Rle_dec 0 r) as [P|N]; [exact P|exfalso].
  pose proof (lattice_nonzero _ _ (lattice_weaken _ emin r (cexp_ge_emin r) (lattice_format r Fr))
                ltac:(lra)).
  rewrite Rabs_left in H0 by lra. lra.
Qed.

Lemma not_FTZ_FLT53 : Exp_not_FTZ fexp.
Proof. intros e. unfold FLT_exp, emin, prec. lia. Qed.

Lemma ulp_pos_small_or_relative : forall y, 0 < y ->
  (ulp y = bpow emin) \/ (bpow (emin + prec - 1) <= y /\ ulp y <= y * bpow (1 - prec)).
Proof.
  intros y Hy. destruct (Rlt_dec y (bpow (emin + prec))) as [L|L].
  - left. apply ulp_FLT_small; [typeclasses eauto|]. rewrite Rabs_pos_eq; lra.
  - right. assert (bpow (emin + prec - 1) <= y).
    { pose proof (bpow_le radix2 (emin + prec - 1) (emin + prec) ltac:(lia)). lra. }
    split; [exact H|]. rewrite <- (Rabs_pos_eq y) at 2 by lra.
    apply ulp_FLT_le. rewrite Rabs_pos_eq; lra.
Qed.

(** The case that needs two steps: y > 0 just above a binade boundary, r below it. *)
Lemma two_ulps_up_pos : forall y r, 0 < y -> format r -> r < y -> y - r <= ulp y ->
  y <= succ (succ r).
Proof.
  intros y r Hy Fr Hr Hu.
  destruct (Rle_dec y (succ r)) as [L|L].
  { eapply Rle_trans; [exact L|apply succ_ge_id]. }
  pose proof (bpow_gt_0 radix2 emin) as Hb.
  assert (Hr0 : 0 <= r).
  { apply format_gt_neg_min; [exact Fr|].
    destruct (ulp_pos_small_or_relative y Hy) as [E|[H1 H2]]; [lra|].
    assert (bpow (1 - prec) < 1) by (apply (bpow_lt radix2 (1 - prec) 0); unfold prec; lia).
    assert (y * bpow (1 - prec) < y) by nra. lra. }
  rewrite (succ_eq_pos _ _ (succ r)) by (pose proof (succ_ge_id radix2 fexp r); lra).
  rewrite (succ_eq_pos _ _ r Hr0).
  assert (Hm : ulp r <= ulp (r + ulp r)).
  { apply ulp_le; try typeclasses eauto. pose proof (ulp_ge_0 radix2 fexp r).
    rewrite !Rabs_pos_eq; lra. }
  assert (Key : ulp y <= 2 * ulp r).
  { destruct (ulp_pos_small_or_relative y Hy) as [E|[H1 H2]].
    - rewrite E. pose proof (ulp_ge_ulp_0 radix2 fexp not_FTZ_FLT53 r) as H0.
      rewrite ulp_FLT_0 in H0 by typeclasses eauto. lra.
    - (* 2 ulp r > ulp y / 2 and both are powers of two *)
      pose proof (ulp_FLT_gt radix2 emin prec r) as G.
      rewrite Rabs_pos_eq in G by exact Hr0.
      assert (Hp : bpow (1 - prec) = 2 * bpow (- prec)).
      { replace (1 - prec)%Z with (1 + - prec)%Z by lia. rewrite bpow_plus. simpl. lra. }
      assert (Hy2 : y * bpow (1 - prec) <= y / 2).
      { assert (bpow (1 - prec) <= bpow (-1)) by (apply bpow_le; unfold prec; lia).
        assert (E : bpow (-1) * 2 = 1)
          by (change 2 with (bpow 1); rewrite <- bpow_plus; reflexivity).
        nra. }
      assert (Hr2 : ulp y < 2 * (2 * ulp r)).
      { (* r >= y - ulp y >= y / 2 and ulp y <= 2 y 2^-prec < 4 r 2^-prec < 4 ulp r *)
        assert (r * bpow (- prec) < ulp r) by exact G.
        assert (y / 2 <= r) by lra.
        rewrite Hp in H2.
        pose proof (bpow_gt_0 radix2 (- prec)).
        assert (y * bpow (- prec) <= (2 * r) * bpow (- prec)) by (apply Rmult_le_compat_r; lra).
        lra. }
      assert (Zr : r <> 0).
      { intros Z. rewrite Z in *. pose proof (bpow_gt_0 radix2 (1 - prec)). nra. }
      assert (Zy : y <> 0) by lra.
      rewrite (ulp_neq_0 _ _ r Zr), (ulp_neq_0 _ _ y Zy) in *.
      assert (E2 : 2 * (2 * bpow (cexp r)) = bpow (cexp r + 2)) by (rewrite bpow_plus; simpl; lra).
      rewrite E2 in Hr2. apply lt_bpow in Hr2.
      assert (E1 : 2 * bpow (cexp r) = bpow (cexp r + 1)) by (rewrite bpow_plus; simpl; lra).
      rewrite E1. apply bpow_le. lia. }
  lra.
Qed.

(** The mirror case: r above y >= 0 within one ulp; pred (pred r) <= y. *)
Lemma two_ulps_down_nonneg : forall y r, 0 <= y -> format r -> y < r -> r - y <= ulp y ->
  pred (pred r) <= y.
Proof.
  intros y r Hy Fr Hr Hu.
  destruct (Rle_dec (pred r) y) as [L|L].
  { eapply Rle_trans; [apply pred_le_id|exact L]. }
  exfalso.
  assert (Fp : format (pred r)) by (apply generic_format_pred; [typeclasses eauto|exact Fr]).
  assert (E : r = pred r + ulp (pred r)).
  { rewrite <- (succ_pred radix2 fexp r Fr) at 1. apply succ_eq_pos. lra. }
  assert (ulp y <= ulp (pred r)).
  { apply ulp_le; try typeclasses eauto. rewrite !Rabs_pos_eq; lra. }
  pose proof (ulp_ge_0 radix2 fexp y). lra.
Qed.

(** Up.twoUlpsUp / Down.twoUlpsDown: two steps outward from a result within one ulp reach a
    double on the right side of the exact value. *)
Lemma ROUNDING_two_ulps_up : forall y r, within_one_ulp y r -> y <= succ (succ r).
Proof.
  intros y r [Fr Hu].
  destruct (Rle_dec y r) as [L|L].
  { eapply Rle_trans; [exact L|]. eapply Rle_trans; [apply succ_ge_id|apply succ_ge_id]. }
  destruct (Rlt_dec 0 y) as [P|N].
  - apply two_ulps_up_pos; try assumption; [lra|]. rewrite Rabs_left1 in Hu; lra.
  - assert (H : pred (pred (- r)) <= - y).
    { apply two_ulps_down_nonneg; [lra|now apply generic_format_opp|lra|].
      rewrite ulp_opp. rewrite Rabs_left1 in Hu; lra. }
    rewrite !pred_opp in H. lra.
Qed.

Lemma ROUNDING_two_ulps_down : forall y r, within_one_ulp y r -> pred (pred r) <= y.
Proof.
  intros y r [Fr Hu].
  assert (H : - y <= succ (succ (- r))).
  { apply ROUNDING_two_ulps_up. split; [now apply generic_format_opp|].
    rewrite ulp_opp. replace (- r - - y) with (- (r - y)) by ring. now rewrite Rabs_Ropp. }
  rewrite !succ_opp in H. lra.
Qed.

(** Up.exp: exact at 0; otherwise two ulps up, capped at 1 for x < 0 (e^x < 1 there). *)
Definition up_exp (x r : R) : R :=
  if Req_EM_T x 0 then 1 else
  if Rlt_dec x 0 then Rmin (succ (succ r)) 1 else succ (succ r).

Lemma ROUNDING_exp_up : forall x r, within_one_ulp (exp x) r -> exp x <= up_exp x r.
Proof.
  intros x r H. pose proof (ROUNDING_two_ulps_up _ _ H). unfold up_exp.
  destruct (Req_EM_T x 0) as [Z|Z]; [subst; rewrite exp_0; lra|].
  destruct (Rlt_dec x 0) as [N|N]; [|exact H0].
  apply Rmin_glb; [exact H0|]. rewrite <- exp_0. left. now apply exp_increasing.
Qed.

(** Down.exp: two ulps down, raised to 1 for x > 0 and to 0 always. *)
Definition down_exp (x r : R) : R :=
  if Req_EM_T x 0 then 1 else Rmax (pred (pred r)) (if Rlt_dec 0 x then 1 else 0).

Lemma ROUNDING_exp_down : forall x r, within_one_ulp (exp x) r -> down_exp x r <= exp x.
Proof.
  intros x r H. pose proof (ROUNDING_two_ulps_down _ _ H). unfold down_exp.
  destruct (Req_EM_T x 0) as [Z|Z]; [subst; rewrite exp_0; lra|].
  apply Rmax_lub; [exact H0|]. destruct (Rlt_dec 0 x).
  - rewrite <- exp_0. left. now apply exp_increasing.
  - left. apply exp_pos.
Qed.

(** Up.log / Down.log for x > 0, x <> 1: capped at 0 below 1, raised to 0 above 1. *)
Definition up_log (x r : R) : R := if Rlt_dec x 1 then Rmin (succ (succ r)) 0 else succ (succ r).
Definition down_log (x r : R) : R := if Rlt_dec 1 x then Rmax (pred (pred r)) 0 else pred (pred r).

Lemma ROUNDING_log_up : forall x r, 0 < x -> within_one_ulp (ln x) r -> ln x <= up_log x r.
Proof.
  intros x r Hx H. pose proof (ROUNDING_two_ulps_up _ _ H). unfold up_log.
  destruct (Rlt_dec x 1); [|exact H0]. apply Rmin_glb; [exact H0|].
  rewrite <- ln_1. left. apply ln_increasing; lra.
Qed.

Lemma ROUNDING_log_down : forall x r, 0 < x -> within_one_ulp (ln x) r -> down_log x r <= ln x.
Proof.
  intros x r Hx H. pose proof (ROUNDING_two_ulps_down _ _ H). unfold down_log.
  destruct (Rlt_dec 1 x); [|exact H0]. apply Rmax_lub; [exact H0|].
  rewrite <- ln_1. left. apply ln_increasing; lra.
Qed.

(** Up.log1p: capped at x, since ln(1 + x) <= x; Down.log1p raised to 0 for x > 0. *)
Definition up_log1p (x r : R) : R := Rmin (succ (succ r)) x.
Definition down_log1p (x r : R) : R := if Rlt_dec 0 x then Rmax (pred (pred r)) 0 else pred (pred r).

Lemma ROUNDING_log1p_up : forall x r, -1 < x -> within_one_ulp (ln (1 + x)) r ->
  ln (1 + x) <= up_log1p x r.
Proof.
  intros x r Hx H. pose proof (ROUNDING_two_ulps_up _ _ H). unfold up_log1p.
  apply Rmin_glb; [exact H0|].
  pose proof (ln_le_minus_one (1 + x) ltac:(lra)). lra.
Qed.

Lemma ROUNDING_log1p_down : forall x r, -1 < x -> within_one_ulp (ln (1 + x)) r ->
  down_log1p x r <= ln (1 + x).
Proof.
  intros x r Hx H. pose proof (ROUNDING_two_ulps_down _ _ H). unfold down_log1p.
  destruct (Rlt_dec 0 x); [|exact H0]. apply Rmax_lub; [exact H0|].
  rewrite <- ln_1. left. apply ln_increasing; lra.
Qed.

(** Up.pow / Down.pow for x > 0 when x^y is not a double (Up.exactPow returns it otherwise):
    x^y <= 1 exactly when (x > 1) <> (y > 0) (with y <> 0, x <> 1 handled exactly before). *)
Definition up_pow (x y r : R) : R :=
  if Bool.eqb (Rlt_bool 1 x) (Rlt_bool 0 y) then succ (succ r) else Rmin (succ (succ r)) 1.
Definition down_pow (x y r : R) : R :=
  Rmax (pred (pred r)) (if Bool.eqb (Rlt_bool 1 x) (Rlt_bool 0 y) then 1 else 0).

Lemma ROUNDING_pow_up : forall x y r, 0 < x -> within_one_ulp (Rpower x y) r ->
  Rpower x y <= up_pow x y r.
Proof.
  intros x y r Hx H. pose proof (ROUNDING_two_ulps_up _ _ H) as H0. unfold up_pow.
  destruct (Rlt_bool_spec 1 x); destruct (Rlt_bool_spec 0 y); simpl; try exact H0;
    apply Rmin_glb; try exact H0; unfold Rpower; rewrite <- exp_0; apply exp_le_mono;
    (assert (ln x <= 0 \/ 0 < ln x) by lra);
    [ assert (0 < ln x) by (rewrite <- ln_1; apply ln_increasing; lra); nra
    | assert (ln x <= 0) by (destruct (Req_dec x 1) as [E|E];
        [subst; rewrite ln_1; lra|left; rewrite <- ln_1; apply ln_increasing; lra]); nra ].
Qed.

Lemma ROUNDING_pow_down : forall x y r, 0 < x -> within_one_ulp (Rpower x y) r ->
  down_pow x y r <= Rpower x y.
Proof.
  intros x y r Hx H. pose proof (ROUNDING_two_ulps_down _ _ H) as H0. unfold down_pow.
  apply Rmax_lub; [exact H0|].
  destruct (Rlt_bool_spec 1 x); destruct (Rlt_bool_spec 0 y); simpl;
    try (left; apply exp_pos); unfold Rpower; rewrite <- exp_0; apply exp_le_mono.
  - assert (0 < ln x) by (rewrite <- ln_1; apply ln_increasing; lra); nra.
  - assert (ln x <= 0) by (destruct (Req_dec x 1) as [E|E];
        [subst; rewrite ln_1; lra|left; rewrite <- ln_1; apply ln_increasing; lra]); nra.
Qed.
