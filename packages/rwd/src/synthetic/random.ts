/** The engine's seeded generator lives in @kakehashi/core so every engine draws from the same sfc32. */
export { mix32, Rng } from "@kakehashi/core/random";
