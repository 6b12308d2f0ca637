(* Run by scripts/coq after the build (not part of _CoqProject): the
   assumptions of every main theorem, checked against an allow-list. *)
From LrCert Require Import Scalar Reduction Ball LemmaD LemmaS L0 Exceptional Hessian LemmaN LemmaC L0d LemmaG LemmaM Krawczyk Orbits.
Print Assumptions scalar_reduction.
Print Assumptions resd_step.
Print Assumptions ball_step_enclosure.
Print Assumptions DF_norm_attained.
Print Assumptions lemma_D.
Print Assumptions lemma_S.
Print Assumptions L0_closed_form.
Print Assumptions hessian_pm_r.
Print Assumptions lemma_S_d.
Print Assumptions ball_trajectory.
Print Assumptions exceptional_starts.
Print Assumptions hessian_bound.
Print Assumptions hessian_expansion_m.
Print Assumptions spec_bil.
Print Assumptions weyl_spec.
Print Assumptions spec_transpose.
Print Assumptions residual_spec.
Print Assumptions lemma_N.
Print Assumptions lemma_C.
Print Assumptions inS_hull.
Print Assumptions L0_upper_d.
Print Assumptions L0_d_exact.
Print Assumptions limit_quantities.
Print Assumptions lemma_G.
Print Assumptions lemma_G_tail.
Print Assumptions descent.
Print Assumptions pl_inequality.
Print Assumptions lemma_M.
Print Assumptions krawczyk.
Print Assumptions krawczyk_narrow.
Print Assumptions minimal_period.
Print Assumptions stability_2d.
Print Assumptions eigen_root.
