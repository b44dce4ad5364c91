# rstan runner for bench/nuts.ts (issue 5): compiles each Stan program once, samples it with each seed
# (1 chain, the given warmup and draws, diagonal metric) and writes one JSON document: per model the compile
# time, and per seed the draws of every parameter, the leapfrog steps of warmup and sampling, Stan's own
# elapsed times, the wall time of the `sampling` call, divergences and the adapted step size. ESS is computed
# by the caller (Borel's diagnostics, which match R's `posterior` 1.4.0), so both samplers are judged alike.
#   Rscript bench/stan/run.R JOB.R OUT.json
# JOB.R (written by bench/nuts.ts) defines `jobs`: a list of list(name, stan_file, data, seeds, warmup, draws,
# adapt_delta, max_treedepth).
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript run.R JOB.R OUT.json")
suppressMessages(library(rstan))
source(args[[1]])

# Debian's r-cran-bh ships no headers: point rstan at the system Boost through a folder holding `boost`.
bh <- system.file("include", package = "BH")
if (!dir.exists(file.path(bh, "boost"))) {
  if (!dir.exists("/usr/include/boost")) stop("Boost headers not found: install libboost-dev (or the R package BH)")
  inc <- file.path(tempdir(), "boost-include")
  dir.create(inc, showWarnings = FALSE)
  file.symlink("/usr/include/boost", file.path(inc, "boost"))
  rstan_options(boost_lib = inc)
}

num <- function(x) paste0("[", paste(ifelse(is.finite(x), format(x, digits = 17, scientific = TRUE, trim = TRUE), "null"), collapse = ","), "]")
str <- function(s) paste0("\"", gsub("\"", "\\\\\"", s), "\"")

out <- c()
for (job in jobs) {
  t0 <- Sys.time()
  model <- stan_model(job$stan_file, model_name = job$name)
  compile_s <- as.numeric(Sys.time() - t0, units = "secs")
  fits <- c()
  for (seed in job$seeds) {
    t1 <- Sys.time()
    fit <- sampling(model, data = job$data, chains = 1, iter = job$warmup + job$draws, warmup = job$warmup, seed = seed,
                    control = list(adapt_delta = job$adapt_delta, max_treedepth = job$max_treedepth, metric = "diag_e"),
                    refresh = 0, show_messages = FALSE)
    wall_s <- as.numeric(Sys.time() - t1, units = "secs")
    sp <- get_sampler_params(fit, inc_warmup = TRUE)[[1]]
    w <- seq_len(job$warmup)
    elapsed <- get_elapsed_time(fit)
    draws <- as.matrix(fit)
    params <- setdiff(colnames(draws), "lp__")
    cols <- vapply(params, function(p) paste0(str(p), ":", num(draws[, p])), "")
    fits <- c(fits, paste0("{\"seed\":", seed,
      ",\"leapfrog_warmup\":", sum(sp[w, "n_leapfrog__"]), ",\"leapfrog_sampling\":", sum(sp[-w, "n_leapfrog__"]),
      ",\"elapsed_warmup_s\":", elapsed[1, "warmup"], ",\"elapsed_sampling_s\":", elapsed[1, "sample"],
      ",\"wall_s\":", wall_s, ",\"divergences\":", sum(sp[-w, "divergent__"]), ",\"stepsize\":", sp[nrow(sp), "stepsize__"],
      ",\"draws\":{", paste(cols, collapse = ","), "}}"))
  }
  out <- c(out, paste0(str(job$name), ":{\"compile_s\":", compile_s, ",\"rstan\":", str(as.character(packageVersion("rstan"))),
                       ",\"fits\":[", paste(fits, collapse = ","), "]}"))
}
writeLines(paste0("{", paste(out, collapse = ","), "}"), args[[2]])
