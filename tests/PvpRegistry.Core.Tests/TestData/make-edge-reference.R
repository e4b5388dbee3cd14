# Writes edge-reference.json: R's results on the statistics' edge cases.
#  - km_median: the Kaplan-Meier median and its limits as print(survfit) and summary(survfit)$table
#    give them (km-plateau.csv: a curve on a final plateau at exactly 0.5, and one that drops again
#    after a plateau at 0.5), with quantile.survfit's answer beside it for contrast.
#  - cox: coxph on cox-edge.csv (40 synthetic subjects) where the likelihood is monotone (a level with
#    no events, a covariate that orders the event times), covariates are near or exactly collinear,
#    or on wildly different scales; with R's warnings. A value R prints as Inf, -Inf or NA is null
#    here and named in "non_finite".
#  - huynh_feldt: the Huynh-Feldt epsilon by Huynh and Feldt's original (1976) formula, as SPSS GLM
#    prints it, and by Lecoutre's (1991) correction, as R's car and afex (obk.csv; the VAS series of
#    cohort-demo.csv, complete cases); "epsilon_hf_car" is car's own value of the corrected one.
# Run from this folder:  Rscript make-edge-reference.R   (needs survival, jsonlite and car)
library(survival)
library(jsonlite)

num <- function(x) if (is.finite(x)) x else NA

# Kaplan-Meier medians.
km <- read.csv("km-plateau.csv", stringsAsFactors = FALSE)
kfit <- survfit(Surv(time, status) ~ curve, data = km)
tab <- summary(kfit)$table
q <- quantile(kfit, 0.5)$quantile
km_median <- lapply(seq_len(nrow(tab)), function(k) list(
  name = sub("curve=", "", rownames(tab)[k]),
  n = unname(tab[k, "records"]), events = unname(tab[k, "events"]),
  median = num(tab[k, "median"]), median_lower = num(tab[k, "0.95LCL"]), median_upper = num(tab[k, "0.95UCL"]),
  quantile_survfit_median = num(unname(q[k]))))

# Cox models at the edges.
d <- read.csv("cox-edge.csv")
cox_case <- function(name, covariates, ties = "efron", data = d) {
  f <- as.formula(paste("Surv(time, status) ~", paste(covariates, collapse = " + ")))
  warnings <- character(0)
  fit <- withCallingHandlers(coxph(f, data = data, ties = ties),
                             warning = function(w) { warnings <<- c(warnings, conditionMessage(w)); invokeRestart("muffleWarning") })
  s <- summary(fit)
  z <- qnorm(0.975)
  coefs <- lapply(seq_along(covariates), function(i) {
    b <- unname(coef(fit)[i]); se <- if (is.na(b)) NA else sqrt(fit$var[i, i])
    values <- list(b = b, se = se, wald = (b / se)^2, p = 2 * pnorm(-abs(b / se)),
                   hr = exp(b), hr_lower = exp(b - z * se), hr_upper = exp(b + z * se))
    bad <- names(values)[!sapply(values, is.finite)]
    c(list(name = covariates[i]), lapply(values, num), list(non_finite = I(bad)))
  })
  test <- function(t) list(chisq = unname(t["test"]), df = unname(t["df"]), p = unname(t["pvalue"]))
  list(name = name, covariates = I(covariates), ties = ties, n = fit$n, events = fit$nevent, coefficients = coefs,
       loglik_null = fit$loglik[1], loglik = fit$loglik[2], iterations = fit$iter,
       lr_test = test(s$logtest), score_test = test(s$sctest), wald_test = test(s$waldtest),
       warnings = I(trimws(warnings)))
}
cox <- list(
  cox_case("level_without_events", "no_event_level"),
  cox_case("level_without_events_and_z", c("no_event_level", "z")),
  cox_case("level_without_events_and_z_breslow", c("no_event_level", "z"), ties = "breslow"),
  cox_case("covariate_orders_event_times", "orders_times"),
  cox_case("near_collinear", c("z", "z_near")),
  cox_case("exactly_collinear", c("z", "z_twice")),
  cox_case("wildly_different_scales", c("age_days", "biomarker", "z")),
  cox_case("stepwise_final_candidates", c("z", "stage")))

# Out of iterations with three covariates (the demo cohort's final model on PVP alone with sacral metastases, where
# nobody aged 60 or under died). R 3.5-3 then returns the coefficients of the last accepted step but a variance made by
# inverting an information matrix it did not factor (off-diagonals 0); the inverse information at those coefficients
# is what coxph gives with init = coef(fit), iter.max = 0, and what "se" holds here ("se_coxph" is R's own).
# cox_converged_infinite: the same model on another filter, where R converges with two coefficients it warns about.
cohort <- read.csv("cohort-demo.csv", stringsAsFactors = FALSE)
# The study's final model (Breslow) on some of the cohort's rows.
study_rows <- function(s) data.frame(time = as.numeric(as.Date(s$status_date) - as.Date(s$procedure_date)),
                                     status = as.numeric(s$vital_status == "dead"),
                                     age_level = as.numeric(s$age > 60),
                                     growth_level = match(s$primary_growth, c("slow", "moderate", "rapid")),
                                     segment_level = pmin(s$segments, 3))
ds <- study_rows(cohort[cohort$group == "pvp" & cohort$metastatic_site == "sacral", ])
f_out <- suppressWarnings(coxph(Surv(time, status) ~ age_level + growth_level + segment_level, data = ds, ties = "breslow"))
f_at <- coxph(Surv(time, status) ~ age_level + growth_level + segment_level, data = ds, ties = "breslow",
              init = coef(f_out), control = coxph.control(iter.max = 0))
out_of_iterations <- list(name = "pvp_sacral_final_model", n = nrow(ds), iterations = f_out$iter, loglik = f_out$loglik[2],
  coefficients = lapply(1:3, function(i) list(name = names(coef(f_out))[i], b = unname(coef(f_out)[i]),
    se = sqrt(f_at$var[i, i]), se_coxph = sqrt(f_out$var[i, i]))))

# Converged, with two coefficients on their way to infinity (R: "Loglik converged before variable 2,3"): the final model
# on breast cancer with lumbosacral metastases, both groups.
converged_infinite <- cox_case("lumbosacral_breast_final_model", c("age_level", "growth_level", "segment_level"), ties = "breslow",
                               data = study_rows(cohort[cohort$metastatic_site == "lumbosacral" & cohort$primary_tumor == "breast", ]))

# Huynh-Feldt epsilon, both formulas, from the pooled within-group covariance of the orthonormal contrasts.
huynh_feldt <- function(name, y, group) {
  ok <- complete.cases(y) & !is.na(group)
  y <- as.matrix(y[ok, ]); group <- factor(group[ok])
  k <- ncol(y); p <- k - 1; n <- nrow(y); g <- nlevels(group)
  z <- y %*% contr.poly(k)
  resid <- z - apply(z, 2, function(col) ave(col, group))
  S <- crossprod(resid) / (n - g)
  gg <- sum(diag(S))^2 / (p * sum(diag(S %*% S)))
  list(name = name, n = n, groups = g, levels = k, epsilon_gg = gg,
       epsilon_hf_1976 = min(1, (n * p * gg - 2) / (p * (n - g - p * gg))),
       epsilon_hf_lecoutre = min(1, ((n - g + 1) * p * gg - 2) / (p * (n - g - p * gg))),
       epsilon_hf_car = car_huynh_feldt(y, group))
}
# R's car computes the corrected epsilon itself (Anova on the multivariate linear model, Type III, with sum-to-zero
# contrasts between groups): "HF eps" of its univariate tests, not capped at 1.
car_huynh_feldt <- function(y, group) {
  old <- options(contrasts = c("contr.sum", "contr.poly")); on.exit(options(old))
  fit <- lm(y ~ group)
  a <- car::Anova(fit, idata = data.frame(time = factor(seq_len(ncol(y)))), idesign = ~time, type = 3)
  unname(summary(a, multivariate = FALSE)$pval.adjustments["time", "HF eps"])
}
obk <- read.csv("obk.csv", stringsAsFactors = FALSE)
vas <- cohort[, paste0("vas_", c("preop", "day1", "1m", "3m", "6m", "12m"))]
hf <- list(huynh_feldt("obk", obk[, c("pre", "post", "fup")], obk$treatment),
           huynh_feldt("cohort_demo_vas", vas, cohort$group))

result <- list(r_version = R.version.string, survival_version = as.character(packageVersion("survival")),
               car_version = as.character(packageVersion("car")),
               km_median = km_median, cox = cox, cox_out_of_iterations = out_of_iterations,
               cox_converged_infinite = converged_infinite, huynh_feldt = hf)
writeLines(toJSON(result, auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "null"), "edge-reference.json")
