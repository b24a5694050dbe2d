/**
 * Test oracle, base R only: exact stage-wise crossing probabilities of a group-sequential z statistic
 * with independent increments, by recursive numerical integration of the score S_k = Z_k √I_k
 * (Armitage, McPherson & Rowe 1969; Jennison & Turnbull 2000, ch. 19) on Simpson grids.
 */
export const R_STAGE_PROBABILITIES = `
# a: futility bounds (use b[K] at the final analysis), b: efficacy bounds, I: information, theta: drift.
# Also returns mean = E[S_T / I_T], the mean of the effect estimate at the analysis T that stops the trial,
# from E[(x + Y) 1{Y > c}] = (x + mu) P(Y > c) + s dnorm((c - mu) / s) for Y ~ N(mu, s^2).
stage_probabilities <- function(a, b, I, theta, m = 600) {
  K <- length(I); eff <- numeric(K); fut <- numeric(K); mean <- 0
  upper <- function(x, c, mu, s) (x + mu) * pnorm(c, mu, s, lower.tail = FALSE) + s * dnorm((c - mu) / s)
  lower <- function(x, c, mu, s) (x + mu) * pnorm(c, mu, s) - s * dnorm((c - mu) / s)
  simpson <- function(lo, hi) {
    x <- seq(lo, hi, length.out = 2 * m + 1)
    list(x = x, w = c(1, rep(c(4, 2), m - 1), 4, 1) * (x[2] - x[1]) / 3)
  }
  s1 <- sqrt(I[1])
  eff[1] <- pnorm(b[1] * s1, theta * I[1], s1, lower.tail = FALSE)
  fut[1] <- pnorm(a[1] * s1, theta * I[1], s1)
  mean <- (upper(0, b[1] * s1, theta * I[1], s1) + lower(0, a[1] * s1, theta * I[1], s1)) / I[1]
  if (K > 1) {
    g <- simpson(a[1] * s1, b[1] * s1)
    f <- dnorm(g$x, theta * I[1], s1)
    for (k in 2:K) {
      d <- I[k] - I[k - 1]; sk <- sqrt(I[k])
      wf <- g$w * f
      eff[k] <- sum(wf * pnorm(b[k] * sk - g$x, theta * d, sqrt(d), lower.tail = FALSE))
      fut[k] <- sum(wf * pnorm(a[k] * sk - g$x, theta * d, sqrt(d)))
      mean <- mean + sum(wf * (upper(g$x, b[k] * sk - g$x, theta * d, sqrt(d)) +
        lower(g$x, a[k] * sk - g$x, theta * d, sqrt(d)))) / I[k]
      if (k < K) {
        h <- simpson(a[k] * sk, b[k] * sk)
        f <- as.vector(dnorm(outer(h$x, g$x, "-"), theta * d, sqrt(d)) %*% wf)
        g <- h
      }
    }
  }
  list(eff = eff, fut = fut, mean = mean)
}
`;
