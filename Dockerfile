# stressbot: one process serving Slack, Discord, the web playground, /healthz and /readyz.
#   docker build -t stressbot .
#   docker run -p 3000:3000 --env-file .env -v stressbot-var:/app/var stressbot
# (.env.example lists every variable; with none set it serves the DEMO playground.)

# Build stage: the tool chains (python3, make, g++ in this full image, for better-sqlite3 when no prebuilt
# binary fits) and the dev dependencies (TypeScript) stay here.
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build && npm prune --omit=dev && npm cache clean --force

# Runtime stage: node, the production node_modules and the compiled bot; no compiler, no sources.
# The same Debian release as the build stage, so native modules built there load here.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0 DATA_HOME=/app/var OUT_DIR=/app/out
# The allocators as `npm start` sets them: a fixed glibc mmap threshold hands a chart's large buffers back to the
# system when they are freed; few arenas keep the render worker and zlib's threads from each holding their own
# (three, not two: with two, a V8 platform thread's start-up compile of undici's WebAssembly HTTP parser, ~33 MB
# while it runs, shared the main arena in 7 of 12 Slack starts and its memory stayed there, ready RSS 156–167
# against 134–147 MB; with three in 2 of 12); and skia's mimalloc (the
# pixel copies) returns freed pages once they have lain unused for 1 ms (whole-bot RSS after 1,000 charts: 242 MB
# with its default, 162–172 MB at 0, 175–178 MB at 1 ms). At 0 every chart paid its pages' faults afresh: render p50
# 5.1–5.8 → 4.5–5.1 ms, and the 50-sender burst's ack p99 34–57 → 35–41 ms (2026-12-04; 6 and 4 interleaved runs).
ENV MALLOC_ARENA_MAX=3 MALLOC_MMAP_THRESHOLD_=131072 MIMALLOC_PURGE_DELAY=1
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json manifest.yml ./
COPY bin ./bin
COPY scripts/build.mjs ./scripts/build.mjs
RUN mkdir -p /app/var /app/out && chown -R node:node /app/var /app/out
# The subscription database (SQLite) and other state: keep it across container restarts and upgrades.
VOLUME ["/app/var"]
USER node
EXPOSE 3000
# Liveness: /healthz answers 200 while the process serves (also with no platform configured, playground only).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node runs the bot directly (no npm/npx wrapper), so SIGTERM reaches it and in-flight answers drain. V8's flags as
# `npm start` sets them: --optimize-for-size grows the heaps less eagerly (whole-bot RSS after 1,000 charts ~240 →
# ~190 MB, high-water under a 1,000-ask burst ~420 → ~220 MB) for ~20 % more CPU per ask; --initial-old-space-size=32
# keeps its first full GC out of start-up (without it V8 marks a ~17 MB heap while the first answer reads the DEMO
# series: ~30–40 ms more CPU to the first answer).
CMD ["node", "--enable-source-maps", "--optimize-for-size", "--initial-old-space-size=32", "dist/main.js"]
