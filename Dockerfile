# One image for both processes: `roster serve` (api) and `roster worker` (worker).
FROM node:20-bookworm-slim AS deps
WORKDIR /app
# better-sqlite3 builds from source when no prebuilt binary fits.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY bin ./bin
COPY config ./config
COPY src ./src
COPY workers ./workers
USER node
EXPOSE 8080
ENTRYPOINT ["node", "bin/roster.js"]
CMD ["serve"]
