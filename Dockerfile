# stressbot: one process serving Slack, Discord, the web playground and /healthz.
FROM node:20-slim
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0 DATA_HOME=/app/var OUT_DIR=/app/out
WORKDIR /app
# better-sqlite3 builds against Node's headers when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY bin ./bin
COPY src ./src
COPY manifest.yml ./
RUN mkdir -p /app/var /app/out && chown -R node:node /app/var /app/out
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node runs the bot directly (no npm/npx wrapper), so SIGTERM reaches it and in-flight answers drain.
CMD ["node", "--import", "tsx", "src/main.ts"]
