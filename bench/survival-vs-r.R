# Survival fits in R on a synthetic registry-sized dataset, for bench/survival-vs-r.sh.
# Needs the Debian packages r-base-core and r-cran-survival; installs nothing.
#   Rscript survival-vs-r.R generate FILE.csv [N]   writes the dataset with write.csv
#   Rscript survival-vs-r.R time FILE.csv           times coxph (efron), survfit by group, survdiff in memory
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
mode <- args[1]; file <- args[2]

if (mode == "generate") {
  n <- if (length(args) >= 3) as.integer(args[3]) else 1e6L
  set.seed(20240601)
  x <- matrix(rnorm(n * 7), n, 7, dimnames = list(NULL, paste0("x", 1:7)))
  x <- round(x, 2) # measured to 2 decimals, like most registry variables (keeps the file ~50 MB)
  x[, 1] <- rbinom(n, 1, 0.5)
  group <- sample(c("A", "B", "C"), n, replace = TRUE)
  lp <- drop(x %*% c(0.3, -0.2, 0.1, 0.05, 0, 0.15, -0.1)) + ifelse(group == "B", 0.2, ifelse(group == "C", -0.1, 0))
  t <- rexp(n, 0.001 * exp(lp))
  cens <- runif(n, 0, 2000)
  # Integer days: about 2000 distinct times, so roughly 500 subjects share each day.
  d <- data.frame(time = pmax(1, ceiling(pmin(t, cens))), status = as.integer(t <= cens), group = group, x)
  write.csv(d, file, row.names = FALSE)
  quit(status = 0)
}

d <- read.csv(file)
best <- function(expr, repeats = 3) {
  f <- substitute(expr); e <- parent.frame()
  min(sapply(seq_len(repeats), function(i) system.time(eval(f, e))[["elapsed"]]))
}
fmt <- function(name, s) cat(sprintf("R      %-14s %.3f s (best of 3)\n", name, s))
fmt("coxph_efron", best(coxph(Surv(time, status) ~ x1 + x2 + x3 + x4 + x5 + x6 + x7, data = d)))
fmt("survfit_group", best(survfit(Surv(time, status) ~ group, data = d)))
fmt("survdiff_group", best(survdiff(Surv(time, status) ~ group, data = d)))
fit <- coxph(Surv(time, status) ~ x1 + x2 + x3 + x4 + x5 + x6 + x7, data = d)
cat(sprintf("R      coxph loglik %.10g, survdiff chisq %.10g\n", fit$loglik[2],
            survdiff(Surv(time, status) ~ group, data = d)$chisq))
