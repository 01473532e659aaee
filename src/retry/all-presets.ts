// Importing this module registers every retry-policy preset; each preset file registers itself.
export {};
