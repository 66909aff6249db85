# reviewgate in a container: built in one stage, run in a small one as a non-root user, with
# the store on a volume. Build: docker build -t reviewgate .
# Run:   docker run -d --name reviewgate \
#          -v reviewgate-data:/var/lib/reviewgate \
#          -v /etc/reviewgate/reviewgate.toml:/etc/reviewgate/reviewgate.toml:ro \
#          --env-file /etc/reviewgate/discord.env \
#          -p 127.0.0.1:9898:9898 reviewgate
# (discord.env holds DISCORD_TOKEN=…, mode 0600; set [store] path = "/var/lib/reviewgate/reviewgate.sqlite3" in the config, and
#  [service] metrics_listen = "0.0.0.0:9898" to reach the metrics from the host.)

FROM rust:1-slim-bookworm AS build
WORKDIR /src
# Dependencies first, so a source change does not rebuild them (a stub for every [[bench]]
# in Cargo.toml, which cargo insists on finding).
COPY Cargo.toml Cargo.lock ./
RUN mkdir -p src benches \
    && echo 'fn main() {}' > src/main.rs && touch src/lib.rs \
    && for b in $(grep -A1 '^\[\[bench\]\]' Cargo.toml | sed -n 's/^name = "\(.*\)"$/\1/p'); do echo 'fn main() {}' > benches/$b.rs; done \
    && cargo build --release --locked \
    && rm -rf src benches
COPY src ./src
COPY benches ./benches
RUN touch src/main.rs src/lib.rs && cargo build --release --locked --bin reviewgate

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates tini \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/reviewgate --shell /usr/sbin/nologin reviewgate \
    && mkdir -p /var/lib/reviewgate /etc/reviewgate \
    && chown reviewgate:reviewgate /var/lib/reviewgate
COPY --from=build /src/target/release/reviewgate /usr/local/bin/reviewgate
COPY config/reviewgate.toml /etc/reviewgate/reviewgate.example.toml
USER reviewgate
VOLUME ["/var/lib/reviewgate"]
WORKDIR /var/lib/reviewgate
ENV REVIEWGATE_CONFIG=/etc/reviewgate/reviewgate.toml
# tini forwards SIGTERM/SIGINT (clean stop after the current poll) and SIGHUP (reload).
ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/reviewgate"]
CMD ["run"]
