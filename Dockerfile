# syntax=docker/dockerfile:1
# The selfcheck service as a container: a static binary (templates, questionnaires
# and HTML are embedded) on a distroless base, running as a non-root user.
#
#   make image            # or:
#   docker build --build-arg VERSION=$(git describe --tags --always) \
#                --build-arg COMMIT=$(git rev-parse HEAD) -t selfcheck .
#
# Mirrors (e.g. inside a government network) can replace both images:
#   --build-arg GO_IMAGE=registry.example/golang:1.26-bookworm
#   --build-arg RUNTIME_IMAGE=registry.example/distroless/static-debian12:nonroot
ARG GO_IMAGE=golang:1.26-bookworm
ARG RUNTIME_IMAGE=gcr.io/distroless/static-debian12:nonroot

FROM ${GO_IMAGE} AS build
WORKDIR /src
# Module downloads are cached in their own layer; GOPROXY may point at a mirror.
ARG GOPROXY
ENV GOPROXY=${GOPROXY}
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
ARG COMMIT=unknown
ARG BUILD_DATE=unknown
# The same target and flags as `make release` (CGO_ENABLED=0 -trimpath
# -ldflags '-s -w -X main.version=...'): see the Makefile.
RUN make static OUT=/out/selfcheck VERSION="${VERSION}" COMMIT="${COMMIT}" BUILD_DATE="${BUILD_DATE}" \
 && /out/selfcheck version \
 && mkdir -p /out/data

FROM ${RUNTIME_IMAGE}
# distroless "nonroot": uid/gid 65532, CA certificates for api.weixin.qq.com;
# the zone database is compiled into the binary.
COPY --from=build /out/selfcheck /usr/local/bin/selfcheck
COPY --from=build --chown=65532:65532 /out/data /data
USER 65532:65532
ENV LISTEN_ADDR=:8080 \
    DATA_DIR=/data \
    LOG_FORMAT=json
VOLUME ["/data"]
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/selfcheck"]
CMD ["serve"]
