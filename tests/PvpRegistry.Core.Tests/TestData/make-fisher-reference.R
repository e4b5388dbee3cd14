# Reference p-values of the Fisher-Freeman-Halton exact test (R's fisher.test on r x c tables, network algorithm).
# Run from the repository root: Rscript tests/PvpRegistry.Core.Tests/TestData/make-fisher-reference.R
# (R 4.x; fisher.test is in the base stats package). Writes fisher-reference.json beside this script.
library(jsonlite)
d <- read.csv("tests/PvpRegistry.Core.Tests/TestData/cohort-demo.csv")
# The study's sparse tumour table (Table 1): primary tumour x group, 4 x 2 with an expected count below 1.
tumour <- table(d$primary_tumor, d$group)
# Involved segments 1, 2, >=3 x group (3 x 2).
segments <- table(ifelse(d$segments >= 3, ">=3", as.character(d$segments)), d$group)
# A 3 x 3 table with small counts (rows and columns both more than two).
small3x3 <- matrix(c(3, 1, 0,
                     2, 4, 1,
                     0, 2, 5), nrow = 3, byrow = TRUE)
case <- function(t) list(counts = unname(unclass(matrix(t, nrow = nrow(t)))), p = fisher.test(t)$p.value)
out <- list(r_version = R.version.string,
            tumour = case(tumour), segments = case(segments), small3x3 = case(small3x3))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE),
           "tests/PvpRegistry.Core.Tests/TestData/fisher-reference.json")
