# Writes tests-reference.json: R's results for the t-tests, chi-square, Fisher, Spearman,
# descriptive and Mauchly tests that the Statistics tests compare with.
# Run from this folder:  Rscript make-tests-reference.R
library(jsonlite)

tt <- function(x, y = NULL, paired = FALSE, var.equal = FALSE) {
  r <- if (is.null(y)) t.test(x) else t.test(x, y, paired = paired, var.equal = var.equal)
  list(t = unname(r$statistic), df = unname(r$parameter), p = r$p.value,
       estimate = unname(r$estimate), stderr = r$stderr,
       conf_int = as.numeric(r$conf.int))
}

two_sample <- function(x, y) {
  list(n = c(length(x), length(y)), mean = c(mean(x), mean(y)), sd = c(sd(x), sd(y)),
       student = tt(x, y, var.equal = TRUE), welch = tt(x, y))
}

paired <- function(x, y) {
  d <- x - y
  c(list(n = length(d), mean_difference = mean(d), sd_difference = sd(d)), tt(x, y, paired = TRUE))
}

chisq <- function(m) {
  r <- suppressWarnings(chisq.test(m, correct = FALSE))
  list(table = unname(unclass(m)), chisq = unname(r$statistic), df = unname(r$parameter),
       p = r$p.value, expected = unname(unclass(r$expected)))
}

fisher <- function(m) {
  list(table = unname(unclass(m)),
       p = fisher.test(m)$p.value,
       p_less = fisher.test(m, alternative = "less")$p.value,
       p_greater = fisher.test(m, alternative = "greater")$p.value)
}

spearman <- function(x, y) {
  r <- suppressWarnings(cor.test(x, y, method = "spearman", exact = FALSE))
  list(x = x, y = y, rho = unname(r$estimate), p = r$p.value)
}

cohort <- read.csv("cohort-demo.csv", stringsAsFactors = FALSE)
pvp <- cohort$group == "pvp"
months <- as.numeric(as.Date(cohort$status_date) - as.Date(cohort$procedure_date)) / 30.4375
segments3 <- ifelse(cohort$segments >= 3, "3+", as.character(cohort$segments))
kps_pair <- function(g) {
  ok <- cohort$group == g & !is.na(cohort$kps_preop) & !is.na(cohort$kps_1m)
  paired(cohort$kps_1m[ok], cohort$kps_preop[ok])
}
kps1m <- !is.na(cohort$kps_1m)

# Mauchly's test on the multivariate linear model of the repeated measures: W from R's
# mauchly.test, the chi-square and p as SPSS prints them (mauchly.test's own p adds a
# second-order term, zero with three levels).
mauchly <- function(data, measures, group) {
  fit <- lm(as.matrix(data[, measures]) ~ factor(data[[group]]))
  r <- mauchly.test(fit, X = ~1)
  p <- length(measures) - 1
  nu <- fit$df.residual
  chisq <- -(nu - (2 * p^2 + p + 2) / (6 * p)) * log(unname(r$statistic))
  df <- p * (p + 1) / 2 - 1
  list(w = unname(r$statistic), chisq = chisq, df = df,
       p = pchisq(chisq, df, lower.tail = FALSE), p_mauchly_test = r$p.value)
}
obk <- read.csv("obk.csv", stringsAsFactors = FALSE)
vas <- c("vas_preop", "vas_day1", "vas_1m", "vas_3m", "vas_6m", "vas_12m")
vas_complete <- cohort[complete.cases(cohort[, vas]), ]

sleep1 <- sleep$extra[sleep$group == 1]
sleep2 <- sleep$extra[sleep$group == 2]

result <- list(
  r_version = R.version.string,
  descriptive = list(
    sleep_extra = list(x = sleep$extra, mean = mean(sleep$extra), sd = sd(sleep$extra)),
    cohort_age = list(mean = mean(cohort$age), sd = sd(cohort$age))),
  two_sample = list(
    sleep = c(list(x = sleep1, y = sleep2), two_sample(sleep1, sleep2)),
    mtcars_mpg_by_am = c(list(x = mtcars$mpg[mtcars$am == 0], y = mtcars$mpg[mtcars$am == 1]),
                         two_sample(mtcars$mpg[mtcars$am == 0], mtcars$mpg[mtcars$am == 1])),
    cohort_age = two_sample(cohort$age[pvp], cohort$age[!pvp]),
    cohort_kps_1m = two_sample(cohort$kps_1m[pvp & kps1m], cohort$kps_1m[!pvp & kps1m])),
  paired = list(
    sleep = c(list(x = sleep2, y = sleep1), paired(sleep2, sleep1)),
    cohort_kps_1m_vs_preop_pvp = kps_pair("pvp"),
    cohort_kps_1m_vs_preop_pvp_i125 = kps_pair("pvp_i125")),
  chisq = list(
    two_by_two = chisq(matrix(c(12, 5, 7, 9), 2)),
    mtcars_cyl_by_am = chisq(table(mtcars$cyl, mtcars$am)),
    cohort_sex = chisq(table(cohort$sex, cohort$group)),
    cohort_site = chisq(table(cohort$metastatic_site, cohort$group)),
    cohort_segments = chisq(table(segments3, cohort$group))),
  fisher = list(
    tea_tasting = fisher(matrix(c(3, 1, 1, 3), 2)),
    convictions = fisher(matrix(c(2, 10, 15, 3), 2)),
    two_by_two = fisher(matrix(c(12, 5, 7, 9), 2)),
    cohort_sex = fisher(table(cohort$sex, cohort$group))),
  spearman = list(
    mtcars_mpg_cyl = spearman(mtcars$mpg, mtcars$cyl),
    mtcars_hp_wt = spearman(mtcars$hp, mtcars$wt),
    no_ties = spearman(c(1.2, 3.4, 2.2, 5.1, 4.4, 0.3, 7.7, 6.1), c(2.1, 2.9, 1.0, 6.5, 3.3, 0.9, 5.0, 8.8)),
    cohort_kps_preop_months = spearman(cohort$kps_preop, months)),
  mauchly = list(
    obk = mauchly(obk, c("pre", "post", "fup"), "treatment"),
    cohort_vas = mauchly(vas_complete, vas, "group")))

writeLines(toJSON(result, auto_unbox = TRUE, digits = NA, pretty = TRUE), "tests-reference.json")
