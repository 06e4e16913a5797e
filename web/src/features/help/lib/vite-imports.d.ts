/// <reference types="vite/client" />
// Vite's `?raw` and `import.meta.glob` for the guide (lib/guide.ts): the types Vite itself ships.
