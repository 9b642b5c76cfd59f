# syntax=docker/dockerfile:1
# Asset Anchor Billing — a production image from Next's standalone output (next.config.js: output "standalone").
#   docker build -t asset-anchor-billing .
#   docker build --target migrate -t asset-anchor-billing-migrate .   # the one-off migration job
#   docker run -p 5050:5050 --env-file .env.production asset-anchor-billing
# The runtime image holds only the traced server (no dev dependencies, no sources); migrations run as a
# separate job before the new version takes traffic (README: "Running in production").
# `npm run test:resilience` lays out .next/standalone exactly as the runtime stage below and starts it.

ARG NODE_VERSION=20.20.2

FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
# The npm workspaces (the emulator, the local stack): npm ci links them and the emulator's bin, so they must be
# whole. Neither reaches the runtime image, which holds only what Next traced from the app.
COPY packages ./packages
COPY prisma ./prisma
COPY prisma.config.ts ./
# postinstall runs `prisma generate` (no engine download: PRISMA_SCHEMA_ENGINE_BINARY=/bin/false).
RUN npm ci

FROM deps AS build
COPY . .
# Building needs no secrets: the environment is validated again, in full, when the server starts.
RUN npm run build

# The migration job: full dependencies, the migrations folder and the script that applies them (the runner is
# @asset-anchor/local-stack/migrations, already in place from the deps stage).
FROM deps AS migrate
COPY scripts ./scripts
COPY tsconfig.json ./
CMD ["npm", "run", "db:migrate"]

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=5050 \
    HOSTNAME=0.0.0.0
RUN groupadd --system --gid 1001 app && useradd --system --uid 1001 --gid app app
COPY --from=build --chown=app:app /app/.next/standalone ./
COPY --from=build --chown=app:app /app/.next/static ./.next/static
# (No public/ folder yet: add `COPY --from=build /app/public ./public` when one appears.)
# /api/health compares applied migrations with this folder; without it, it reports "unknown".
COPY --from=build --chown=app:app /app/prisma/migrations ./prisma/migrations
# The production server: Stripe's webhook deliveries straight to the route's handler, everything else to Next
# (README: "Webhook ingest"). It replaces the standalone output's server.js, which stays in the image unused.
# Every server/*.mjs: the entry imports its neighbours (the webhook transport, the worker supervisor).
COPY --from=build --chown=app:app /app/server/*.mjs ./server/
USER app
EXPOSE 5050
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "server/production-server.mjs"]
