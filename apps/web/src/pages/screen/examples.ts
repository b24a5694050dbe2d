/**
 * The SARS-CoV-2 Mpro repurposing example (examples/screen/mpro-repurposing.json): five potent COVID
 * Moonshot inhibitors as the known actives, and four approved protease inhibitors to follow through the
 * funnel. Copied here because the web does not read the repository's example files.
 */
export const MPRO_EXAMPLE = {
  name: "Approved drugs against SARS-CoV-2 Mpro (6LU7): similarity to Moonshot inhibitors, then docking",
  watch: ["nelfinavir", "lopinavir", "ritonavir", "boceprevir"],
  queries: [
    {
      id: "MAT-POS-7ed7af85-1 (nirmatrelvir), IC50 0.0027 µM",
      smiles:
        "CC(C)(C)[C@H](NC(=O)C(F)(F)F)C(=O)N1C[C@H]2[C@@H]([C@H]1C(=O)N[C@H](C#N)C[C@@H]1CCNC1=O)C2(C)C",
    },
    {
      id: "MAT-POS-bf364d7a-1, IC50 0.019 µM",
      smiles: "[H][C@@]1(C(=O)Nc2cncc3ccccc23)CN(S(=O)(=O)CC2(C)CS(=O)(=O)C2)Cc2ccc(Cl)cc21",
    },
    {
      id: "MAT-POS-a54ce14d-2, IC50 0.020 µM",
      smiles: "[H][C@@]1(C(=O)Nc2cncc3ccccc23)CN(CC(=O)NC)C(=O)c2ccc(Cl)cc21",
    },
    {
      id: "STE-KUL-d79e3d6a-3, IC50 0.021 µM",
      smiles: "C#CCCCC(=O)N[C@H](C(=O)N[C@H](CC(C)C)C(=O)NN(CCC(N)=O)C(=O)CCl)C(C)(C)C",
    },
    {
      id: "MAT-POS-e69ad64a-2, IC50 0.032 µM",
      smiles: "C=CC(=O)N(C(=O)C1COc2ccc(Cl)cc21)c1cncc2ccccc12",
    },
  ],
  fusion: "max",
  topK: 100,
  /** the docking stage, used when a target from the 6LU7 structure is in the catalogue */
  docking: { receptorFile: /6lu7/i, chain: "A", topN: 20, exhaustiveness: 8, seed: 42, dockWatched: true },
  /** the library, used when the shared DrugCentral approved-drug library is in the catalogue */
  libraryFile: /drugcentral/i,
} as const;
