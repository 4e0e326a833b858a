#!/usr/bin/env Rscript
# Compare the scenarios of a commonsim result set with base R only.
#
#   Rscript examples/r/compare.R [RESULT_SET_DIR]
#
# The result set is the directory given, else $COMMONSIM_RESULTS, else the
# newest result set under out/ in the current directory (where `make run`
# writes). Make one with, for example:
#
#   bin/commonsim run commons extractive -r 5 --set run.ticks=104
#
# It prints, per scenario, the mean of final_active and final_value with
# their 95% confidence intervals, the mean gini_contribution, returned_share
# and truck_factor, then the difference in final_active between the first
# two scenarios two ways: paired by replicate (under common random numbers,
# the default, replicate r of every scenario has the same seed) and Welch's
# t-test (unpaired); and checks the means and intervals against the
# engine's own summary.csv when the result set has one. Columns are
# documented in docs/OUTPUTS.md.

args <- commandArgs(trailingOnly = TRUE)

find_results <- function() {
  if (length(args) >= 1) return(args[1])
  env <- Sys.getenv("COMMONSIM_RESULTS")
  if (nzchar(env)) return(env)
  manifests <- Sys.glob(file.path("out", "*", "manifest.json"))
  if (length(manifests) == 0) {
    stop("no result set: give its directory, set COMMONSIM_RESULTS, or run `make run` first", call. = FALSE)
  }
  dirname(manifests[which.max(file.mtime(manifests))])
}

dir <- find_results()
if (!file.exists(file.path(dir, "manifest.json"))) {
  stop(sprintf("%s is not a result set: it has no manifest.json", dir), call. = FALSE)
}

# manifest.json, without a JSON package: the two fields we need.
manifest <- readLines(file.path(dir, "manifest.json"), warn = FALSE)
field <- function(name) {
  line <- grep(sprintf('^  "%s":', name), manifest, value = TRUE)[1]
  gsub('^[^:]*: *"?|"?,? *$', "", line)
}
cat(sprintf("result set: %s (schema version %s, status %s)\n", dir, field("schema_version"), field("status")))
if (field("schema_version") != "4") {
  warning("this script was written for schema version 4; check docs/OUTPUTS.md", call. = FALSE)
}

# runs.csv: one row per run. NaN, Inf and -Inf are read as numbers without
# options. The seed is read as text: it has up to 19 digits, more than a
# double holds exactly. na.strings = character(0) keeps a scenario named
# "NA" a name; the engine writes missing values as NaN, never NA.
read_result <- function(name, ...) {
  read.csv(file.path(dir, name), na.strings = character(0), check.names = FALSE,
           stringsAsFactors = FALSE, ...)
}
runs <- read_result("runs.csv", colClasses = c(seed = "character", scenario = "character"))
runs <- runs[runs$status == "ok", ]
# A group is a (scenario, sweep point): the replications of one parameter
# set. Without a sweep every point is 0 and a group is a scenario.
runs$group <- if (all(runs$point == 0)) runs$scenario else paste0(runs$scenario, "/", runs$point)
groups <- unique(runs$group)   # in run order

# Mean and Student-t 95% confidence interval over the finite values, as
# summary.csv computes them.
mean_ci <- function(x) {
  x <- x[is.finite(x)]
  n <- length(x)
  m <- if (n > 0) mean(x) else NaN
  half <- if (n > 1) qt(0.975, n - 1) * sd(x) / sqrt(n) else NaN
  c(n = n, mean = m, low = m - half, high = m + half)
}
fmt_ci <- function(s) sprintf("%.1f [%.1f, %.1f]", s["mean"], s["low"], s["high"])
finite_mean <- function(x) mean(x[is.finite(x)])

col <- function(metric, g) runs[[metric]][runs$group == g]
cat("\nper scenario (mean over replications, 95% CI):\n")
table <- data.frame(
  scenario = groups,
  runs = sapply(groups, function(g) sum(runs$group == g)),
  final_active = sapply(groups, function(g) fmt_ci(mean_ci(col("final_active", g)))),
  final_value = sapply(groups, function(g) fmt_ci(mean_ci(col("final_value", g)))),
  gini_contribution = sapply(groups, function(g) sprintf("%.3f", finite_mean(col("gini_contribution", g)))),
  returned_share = sapply(groups, function(g) sprintf("%.3f", finite_mean(col("returned_share", g)))),
  truck_factor = sapply(groups, function(g) sprintf("%.1f", finite_mean(col("truck_factor", g)))),
  row.names = NULL
)
options(width = 200)
print(table, row.names = FALSE, right = FALSE)

if (length(groups) >= 2) {
  a <- groups[1]
  b <- groups[2]
  # Paired by replicate: valid when both scenarios ran with common random
  # numbers, which the seeds show (replicate r has the same seed in both).
  ra <- runs[runs$group == a, ]
  rb <- runs[runs$group == b, ]
  both <- merge(ra[, c("replicate", "seed", "final_active")], rb[, c("replicate", "seed", "final_active")],
                by = "replicate", suffixes = c(".a", ".b"))
  if (nrow(both) >= 2 && all(both$seed.a == both$seed.b)) {
    pt <- t.test(both$final_active.a, both$final_active.b, paired = TRUE)
    cat(sprintf("\npaired difference in final_active (common random numbers), %s - %s: %.1f, 95%% CI [%.1f, %.1f] over %d pairs\n",
                a, b, pt$estimate, pt$conf.int[1], pt$conf.int[2], nrow(both)))
  } else {
    cat("\nthe two scenarios do not share seeds by replicate: no paired comparison\n")
  }
  tt <- t.test(col("final_active", a), col("final_active", b))
  cat(sprintf("Welch t-test of final_active, %s vs %s: difference %.1f, 95%% CI [%.1f, %.1f], t = %.2f, df = %.1f, p = %.3g\n",
              a, b, tt$estimate[1] - tt$estimate[2], tt$conf.int[1], tt$conf.int[2], tt$statistic, tt$parameter, tt$p.value))
} else {
  cat("\nonly one scenario: no t-test\n")
}

# forks.csv (schema version 4): one row per fork that founded a commons.
# Per scenario: how many runs forked, and the forks' outcomes after Robles &
# González-Barahona (2012); then which side was more active 104 ticks (two
# years) after the fork, paired by fork.
forks_file <- file.path(dir, "forks.csv")
if (file.exists(forks_file)) {
  forks <- read_result("forks.csv", colClasses = c(scenario = "character", trigger = "character", outcome = "character"))
  forks <- forks[forks$run_id %in% runs$run_id, ]
  cat(sprintf("\nforks that founded a commons: %d, in %d of %d runs\n", nrow(forks), length(unique(forks$run_id)), nrow(runs)))
  if (nrow(forks) > 0) {
    print(table(forks$scenario, forks$outcome))
    later <- forks[is.finite(forks$child_active_104) & is.finite(forks$parent_active_104), ]
    if (nrow(later) >= 2) {
      d <- later$child_active_104 - later$parent_active_104
      s <- mean_ci(d)
      cat(sprintf("child - parent active contributors 104 ticks after the fork: %s over %d forks; the child is larger in %.0f%%\n",
                  fmt_ci(s), nrow(later), 100 * mean(d > 0)))
    }
  }
} else {
  cat("\nno forks.csv: the result set was written before schema version 4\n")
}

# The engine's summary.csv (written by the report step) holds the same
# statistics, one row per group and summary metric: check that they agree
# with ours.
summary_file <- file.path(dir, "summary.csv")
if (file.exists(summary_file)) {
  s <- read_result("summary.csv", colClasses = c(scenario = "character"))
  worst <- 0
  for (g in groups) {
    first <- runs[runs$group == g, ][1, ]
    for (metric in c("final_active", "final_value")) {
      ours <- mean_ci(col(metric, g))
      row <- s[s$scenario == first$scenario & s$point == first$point & s$metric == metric, ]
      if (nrow(row) != 1) stop(sprintf("summary.csv has %d rows for %s %s", nrow(row), g, metric), call. = FALSE)
      theirs <- c(n = row$n, mean = row$mean, low = row$ci95_low, high = row$ci95_high)
      rel <- max(abs(ours - theirs) / pmax(1, abs(ours)), na.rm = TRUE)
      if (!(rel < 1e-9)) {
        stop(sprintf("summary.csv disagrees for %s %s: ours %s, summary.csv %s", g, metric,
                     paste(format(ours), collapse = " "), paste(format(theirs), collapse = " ")), call. = FALSE)
      }
      worst <- max(worst, rel)
    }
  }
  cat(sprintf("summary.csv agrees: final_active and final_value n, mean and 95%% CI (largest relative difference %.1g)\n", worst))
} else {
  cat("no summary.csv in this result set (run `commonsim plot DIR` to write it)\n")
}
