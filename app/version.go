package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

// Set at link time by `make static` and `make release`
// (-X main.version=... -X main.commit=... -X main.buildDate=...).
var (
	version   = ""
	commit    = ""
	buildDate = ""
)

// buildInfo is what the binary knows about its own build.
type buildInfo struct {
	Version, Commit, Date, Go, Platform string
	Modified                            bool
}

// readBuildInfo combines the link-time values with what the Go toolchain
// records in every binary: a plain `go build` inside a git checkout still
// reports its commit and time, and an ldflags value always wins.
func readBuildInfo() buildInfo {
	b := buildInfo{Version: version, Commit: commit, Date: buildDate, Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if bi, ok := debug.ReadBuildInfo(); ok {
		b.Go = bi.GoVersion
		if b.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			b.Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if b.Commit == "" {
					b.Commit = s.Value
				}
			case "vcs.time":
				if b.Date == "" {
					b.Date = s.Value
				}
			case "vcs.modified":
				b.Modified = s.Value == "true"
			}
		}
	}
	if b.Version == "" {
		b.Version = "dev"
	}
	if b.Commit == "" {
		b.Commit = "unknown"
	}
	if b.Date == "" {
		b.Date = "unknown"
	}
	return b
}

func (b buildInfo) print(w io.Writer) {
	dirty := ""
	if b.Modified {
		dirty = " (modified)"
	}
	fmt.Fprintf(w, "selfcheck %s\ncommit:     %s%s\nbuilt:      %s\ngo:         %s\nplatform:   %s\n",
		b.Version, b.Commit, dirty, b.Date, b.Go, b.Platform)
}

// buildInfoGauge tells dashboards which build each replica runs, so a
// rolling upgrade can be followed.
var buildInfoGauge = promauto.NewGaugeVec(prometheus.GaugeOpts{
	Name: "selfcheck_build_info",
	Help: "Always 1, labelled with the build's version, commit and Go version.",
}, []string{"version", "commit", "goversion"})

func init() {
	b := readBuildInfo()
	buildInfoGauge.WithLabelValues(b.Version, b.Commit, b.Go).Set(1)
	register(command{
		name:    "version",
		summary: "Print the version, commit, build date and Go version of this binary.",
		flags: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usagef("unexpected argument %q", args[0])
				}
				readBuildInfo().print(e.stdout)
				return nil
			}
		},
	})
}
