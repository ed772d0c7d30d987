# Regenerates the R reference data the analytics tests compare against (R is not needed
# to run the tests). Run from the repository root:
#   Rscript tests/analytics/make_r_reference.R
# Needs R >= 4 and the sandwich package (apt-get install r-base-core r-cran-sandwich).
# Writes tests/analytics/data/r/: journal.csv (the data) and one CSV per model with
# columns what,term,value (17 significant digits).
suppressPackageStartupMessages(library(sandwich))
out_dir <- file.path("tests", "analytics", "data", "r")
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)
set.seed(20240601)

# A journal of 150 nights: stress 0-10, alcohol yes/no, sleeping position (nightly),
# pillow (gear switched every 20 nights), AR(1) noise; a few values missing.
n <- 150
stress <- sample(0:10, n, replace = TRUE)
alcohol <- rbinom(n, 1, 0.3)
position <- sample(c("back", "side", "stomach"), n, replace = TRUE, prob = c(0.3, 0.45, 0.25))
pillow <- ifelse(((seq_len(n) - 1) %/% 20) %% 3 == 0, "flat", ifelse(((seq_len(n) - 1) %/% 20) %% 3 == 1, "memory", "wedge"))
noise <- as.numeric(arima.sim(list(ar = 0.5), n, sd = 1.3))
pain <- 3 + 0.3 * stress + 0.8 * alcohol + 1.2 * (position == "stomach") - 0.5 * (pillow == "memory") + noise
pain <- round(pmin(pmax(pain, 0), 10), 1)
pain[c(7, 55, 101)] <- NA
position[c(12, 90)] <- NA
journal <- data.frame(pain, stress, alcohol, position, pillow)
write.csv(journal, file.path(out_dir, "journal.csv"), row.names = FALSE, na = "", quote = FALSE)

# Reference level as painlog chooses it: most common, ties to the first in sorted order.
reference <- function(x) { t <- table(x); names(t)[order(-t, names(t))][1] }
d <- na.omit(journal)
d$position <- relevel(factor(d$position), reference(d$position))
d$pillow <- relevel(factor(d$pillow), reference(d$pillow))
painlog_names <- function(r_names) {
  r_names <- sub("^\\(Intercept\\)$", "(intercept)", r_names)
  r_names <- sub("^position", "position=", r_names)
  sub("^pillow", "pillow=", r_names)
}
write_long <- function(rows, file) {
  rows$value <- sprintf("%.17g", rows$value)
  write.csv(rows, file.path(out_dir, file), row.names = FALSE, quote = FALSE)
}
table_rows <- function(what, terms, values) data.frame(what = what, term = terms, value = values)
coef_rows <- function(est, se, stat, p, ci) {
  terms <- painlog_names(names(est))
  rbind(table_rows("estimate", terms, est), table_rows("std_error", terms, se),
        table_rows("statistic", terms, stat), table_rows("p_value", terms, p),
        table_rows("ci_low", terms, ci[, 1]), table_rows("ci_high", terms, ci[, 2]))
}
stat_rows <- function(values) table_rows(names(values), "", unlist(values))

# OLS with factors.
fit <- lm(pain ~ stress + alcohol + position + pillow, data = d)
s <- summary(fit)
write_long(rbind(coef_rows(coef(fit), s$coefficients[, 2], s$coefficients[, 3], s$coefficients[, 4], confint(fit)),
                 stat_rows(list(n = nrow(d), df_residual = fit$df.residual, r_squared = s$r.squared,
                                adj_r_squared = s$adj.r.squared, residual_sd = s$sigma,
                                f_statistic = s$fstatistic[[1]],
                                f_p_value = pf(s$fstatistic[[1]], s$fstatistic[[2]], s$fstatistic[[3]], lower.tail = FALSE)))),
           "lm.csv")

# OLS without intercept: R^2 is uncentred.
fit0 <- lm(pain ~ 0 + stress + alcohol, data = d)
s0 <- summary(fit0)
write_long(rbind(coef_rows(coef(fit0), s0$coefficients[, 2], s0$coefficients[, 3], s0$coefficients[, 4], confint(fit0)),
                 stat_rows(list(r_squared = s0$r.squared, adj_r_squared = s0$adj.r.squared,
                                f_statistic = s0$fstatistic[[1]]))),
           "lm_no_intercept.csv")

# Newey-West, as sandwich::NeweyWest(fit, lag = L, prewhite = FALSE, adjust = TRUE).
nw_rows <- NULL
for (lag in c(0, 1, 4)) {
  v <- NeweyWest(fit, lag = lag, prewhite = FALSE, adjust = TRUE)
  nw_rows <- rbind(nw_rows, table_rows(paste0("std_error_lag", lag), painlog_names(names(coef(fit))), sqrt(diag(v))),
                   table_rows(paste0("cov_lag", lag), paste(rep(painlog_names(names(coef(fit))), ncol(v)),
                                                            rep(painlog_names(names(coef(fit))), each = nrow(v)), sep = "|"),
                              as.vector(v)))
}
write_long(nw_rows, "newey_west.csv")

# Logistic regression: bad morning = pain >= 6.
d$bad <- as.numeric(d$pain >= 6)
g <- glm(bad ~ stress + alcohol + position + pillow, family = binomial, data = d,
         control = glm.control(epsilon = 1e-14, maxit = 100))
sg <- summary(g)
z <- qnorm(0.975)
ci <- cbind(coef(g) - z * sg$coefficients[, 2], coef(g) + z * sg$coefficients[, 2])
write_long(rbind(coef_rows(coef(g), sg$coefficients[, 2], sg$coefficients[, 3], sg$coefficients[, 4], ci),
                 table_rows("odds_ratio", painlog_names(names(coef(g))), exp(coef(g))),
                 stat_rows(list(deviance = g$deviance, null_deviance = g$null.deviance, aic = g$aic))),
           "glm.csv")

# Regression with AR(1) errors by iterated Prais-Winsten, written out here from the
# textbook definition (independently of the C++): rho from regressing e_t on e_(t-1),
# first row scaled by sqrt(1 - rho^2), until rho moves less than 1e-10.
X <- model.matrix(fit)
y <- d$pain
k <- ncol(X)
rho_of <- function(e) sum(e[-1] * e[-length(e)]) / sum(e[-length(e)]^2)
transform <- function(m, rho) {
  m <- as.matrix(m)
  rbind(sqrt(1 - rho^2) * m[1, , drop = FALSE], m[-1, , drop = FALSE] - rho * m[-nrow(m), , drop = FALSE])
}
rho <- rho_of(residuals(fit))
for (iter in 1:100) {
  pw <- lm.fit(transform(X, rho), transform(y, rho))
  new_rho <- rho_of(y - X %*% pw$coefficients)
  done <- abs(new_rho - rho) < 1e-10
  rho <- new_rho
  if (done) break
}
pw <- lm.fit(transform(X, rho), transform(y, rho))
sigma2 <- sum(pw$residuals^2) / (nrow(X) - k)
R <- qr.R(pw$qr)
v <- sigma2 * chol2inv(R)[order(pw$qr$pivot), order(pw$qr$pivot)]
se <- sqrt(diag(v))
df <- nrow(X) - k - 1
tq <- qt(0.975, df)
est <- pw$coefficients
names(est) <- colnames(X)
write_long(rbind(coef_rows(est, se, est / se, 2 * pt(-abs(est / se), df), cbind(est - tq * se, est + tq * se)),
                 stat_rows(list(rho = rho))),
           "prais_winsten.csv")

# Benjamini-Hochberg.
p <- c(0.01, 0.04, 0.04, 0.03, 0.2, NA, 0.5, 0.001, 0.9, 0.049, 0.0001, 1)
bh <- data.frame(p = p, adjusted = p.adjust(p, method = "BH"))
bh$p <- ifelse(is.na(bh$p), "", sprintf("%.17g", bh$p))
bh$adjusted <- ifelse(is.na(bh$adjusted), "", sprintf("%.17g", bh$adjusted))
write.csv(bh, file.path(out_dir, "p_adjust_bh.csv"), row.names = FALSE, quote = FALSE)
