# Writes study-reference.json: R's results for the parts of the study analysis that
# cohort-demo.json does not hold (VAS by visit, primary tumour chi-square, preop VAS t,
# KM limits at 6/12/36 months, the final model's prognostic index, forward-LR selection).
# Run from this folder:  Rscript make-study-reference.R
library(survival)
library(jsonlite)

cohort <- read.csv("cohort-demo.csv", stringsAsFactors = FALSE)
days <- as.numeric(as.Date(cohort$status_date) - as.Date(cohort$procedure_date))
months <- days / 30.4375
event <- as.numeric(cohort$vital_status == "dead")
pvp <- cohort$group == "pvp"

tt <- function(x, y) {
  s <- t.test(x, y, var.equal = TRUE); w <- t.test(x, y)
  list(t = unname(s$statistic), df = unname(s$parameter), p = s$p.value,
       ci_lower = s$conf.int[1], ci_upper = s$conf.int[2],
       welch = list(t = unname(w$statistic), df = unname(w$parameter), p = w$p.value,
                    ci_lower = w$conf.int[1], ci_upper = w$conf.int[2]))
}

visits <- c("preop", "day1", "1m", "3m", "6m", "12m", "36m")
vas_by_visit <- lapply(visits, function(v) {
  x <- cohort[[paste0("vas_", v)]]
  list(visit = v, groups = lapply(c("pvp", "pvp_i125"), function(g) {
    y <- x[cohort$group == g & !is.na(x)]
    list(group = g, n = length(y), mean = mean(y), sd = sd(y))
  }))
})

tumor <- suppressWarnings(chisq.test(table(cohort$primary_tumor, cohort$group), correct = FALSE))

# KM limits (log) at 6, 12, 36 months by group.
fit <- survfit(Surv(months, event) ~ group, data = cohort)
s <- summary(fit, times = c(6, 12, 36), extend = TRUE)
km_group <- lapply(seq_along(fit$strata), function(k) {
  name <- sub("group=", "", names(fit$strata)[k])
  sel <- as.integer(s$strata) == k
  list(name = name, survival = s$surv[sel], lower = s$lower[sel], upper = s$upper[sel])
})

# Covariates as the registry codes them (see StudyAnalysis.cs).
X <- data.frame(
  group_pvp_i125 = as.numeric(cohort$group == "pvp_i125"),
  sex_male = as.numeric(cohort$sex == "male"),
  age_level = as.numeric(cohort$age > 60),
  site_lumbosacral = as.numeric(cohort$metastatic_site == "lumbosacral"),
  site_sacral = as.numeric(cohort$metastatic_site == "sacral"),
  kps_level = as.numeric(cohort$kps_preop >= 80),
  segment_level = pmin(cohort$segments, 3),
  growth_level = match(cohort$primary_growth, c("slow", "moderate", "rapid")),
  visceral_metastasis = as.numeric(cohort$visceral_metastasis == "yes"))
d <- cbind(X, days = days, event = event)
fitc <- function(cols, init = NULL, iter = 20) {
  f <- as.formula(paste("Surv(days, event) ~", paste(cols, collapse = " + ")))
  if (is.null(init)) coxph(f, data = d, ties = "breslow")
  else coxph(f, data = d, ties = "breslow", init = init, control = coxph.control(iter.max = iter))
}

final <- fitc(c("age_level", "growth_level", "segment_level"))
pi <- as.vector(as.matrix(X[, c("age_level", "growth_level", "segment_level")]) %*% coef(final))

# Forward LR as SPSS COXREG: enter the candidate with the smallest score-test p (< 0.05), then remove
# the model covariate with the largest likelihood-ratio p (> 0.10) while there is one.
ll_null <- coxph(Surv(days, event) ~ 1, data = d, ties = "breslow")$loglik
model <- character(0); steps <- list(); current <- NULL
loglik <- function(m) if (is.null(m)) ll_null else m$loglik[2]
repeat {
  best <- NULL; best_p <- Inf; best_chi <- NA
  for (cand in setdiff(names(X), model)) {
    init <- c(if (length(model)) coef(current) else numeric(0), 0)
    sc <- suppressWarnings(fitc(c(model, cand), init = init, iter = 0))$score
    p <- pchisq(sc, 1, lower.tail = FALSE)
    if (p < best_p) { best <- cand; best_p <- p; best_chi <- sc }
  }
  if (is.null(best) || best_p >= 0.05) break
  model <- c(model, best); current <- fitc(model)
  steps[[length(steps) + 1]] <- list(action = "entered", covariate = best, chisq = best_chi, p = best_p, loglik = loglik(current))
  repeat {
    if (length(model) < 2) break
    lr <- sapply(seq_along(model), function(k) 2 * (loglik(current) - loglik(fitc(model[-k]))))
    p <- pchisq(lr, 1, lower.tail = FALSE)
    if (max(p) <= 0.10) break
    k <- which.max(p)
    steps[[length(steps) + 1]] <- list(action = "removed", covariate = model[k], chisq = lr[k], p = p[k])
    model <- model[-k]; current <- fitc(model)
  }
}
sm <- summary(current)$coefficients
stepwise <- list(
  covariates = model, steps = steps,
  coefficients = lapply(seq_along(model), function(k) list(
    name = model[k], b = unname(coef(current)[k]), se = sm[k, "se(coef)"], p = sm[k, "Pr(>|z|)"])),
  loglik = loglik(current))

result <- list(
  r_version = R.version.string,
  vas_by_visit = vas_by_visit,
  vas_preop_t = tt(cohort$vas_preop[pvp], cohort$vas_preop[!pvp]),
  tumor_chisq = list(chisq = unname(tumor$statistic), df = unname(tumor$parameter), p = tumor$p.value),
  km_group_limits = km_group,
  prognostic_index = lapply(seq_len(nrow(cohort)), function(i) list(study_id = cohort$study_id[i], pi = pi[i])),
  cox_stepwise = stepwise)

writeLines(toJSON(result, auto_unbox = TRUE, digits = NA, pretty = TRUE), "study-reference.json")
