(** * The axioms every proof rests on: [make] prints them (expected: the classical axioms of
    the Coq standard library's real numbers, nothing of this project). *)

From RlhfBounds Require Import Scalar Rounding Composition Drift.

Print Assumptions T_SGA_SHARP_closed_form.
Print Assumptions T_SGA_SEED_quarter_power_step.
Print Assumptions T_GA_SEED_best_gradient.
Print Assumptions T_HP_mcdiarmid_solve.
Print Assumptions LEMMA_K_hoeffding_solve.
Print Assumptions ROUNDING_add_up.
Print Assumptions ROUNDING_mul_up.
Print Assumptions ROUNDING_div_up.
Print Assumptions ROUNDING_sqrt_up.
Print Assumptions ROUNDING_two_ulps_up.
Print Assumptions ROUNDING_pow_up.
Print Assumptions ROUNDING_monotone_composition.
Print Assumptions LEMMA_DRIFT_unroll.
Print Assumptions LEMMA_DRIFT_minkowski_recursion.
Print Assumptions MEASURE_h_increasing.
