package main

import (
	"context"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
)

// The deployment files cannot run here (no container engine); these tests
// check what can be checked: the image's binary is built the way the
// Dockerfile builds it, and the compose and nginx files agree.

func readRepoFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestDockerfileBuild builds the binary with `make static`, the target the
// Dockerfile runs, and checks that it is static, stripped of build paths and
// stamped with its version.
func TestDockerfileBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a release binary; run without -short")
	}
	dockerfile := readRepoFile(t, "Dockerfile")
	if !regexp.MustCompile(`(?m)^RUN make static OUT=/out/selfcheck`).MatchString(dockerfile) {
		t.Fatalf("the Dockerfile does not build through `make static`:\n%s", dockerfile)
	}
	makefile := readRepoFile(t, "Makefile")
	for _, want := range []string{"CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)'", "LDFLAGS     = -s -w -X main.version=$(VERSION) -X main.commit=$(COMMIT) -X main.buildDate=$(BUILD_DATE)"} {
		if !strings.Contains(makefile, want) {
			t.Errorf("the Makefile lacks %q", want)
		}
	}
	bin := filepath.Join(t.TempDir(), "selfcheck")
	cmd := exec.Command("make", "-s", "-C", "..", "static", "OUT="+bin, "VERSION=v9.9.9-test", "COMMIT=0123abcd", "BUILD_DATE=2026-01-02T03:04:05Z")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make static: %v\n%s", err, out)
	}
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
			t.Errorf("the binary is dynamically linked (%v)", p.Type)
		}
	}
	if f.Section(".symtab") != nil {
		t.Errorf("the binary keeps its symbol table; want -s -w")
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatalf("selfcheck version: %v", err)
	}
	for _, want := range []string{"selfcheck v9.9.9-test\n", "commit:     0123abcd\n", "built:      2026-01-02T03:04:05Z\n", "go:         go1."} {
		if !strings.Contains(string(out), want) {
			t.Errorf("selfcheck version = %q, want %q in it", out, want)
		}
	}
	wd, _ := filepath.Abs("..")
	if raw, _ := os.ReadFile(bin); strings.Contains(string(raw), wd) {
		t.Errorf("the binary contains the build directory %s; want -trimpath", wd)
	}
}

// TestComposeFile loads deploy/compose.yaml the way docker compose does
// (compose-go: schema validation, interpolation, merge keys, consistency
// checks) and checks the services the deployment promises.
func TestComposeFile(t *testing.T) {
	opts, err := cli.NewProjectOptions([]string{"../deploy/compose.yaml"},
		cli.WithEnv([]string{"MYSQL_PASSWORD=x", "MYSQL_ROOT_PASSWORD=y"}), cli.WithConsistency(true))
	if err != nil {
		t.Fatal(err)
	}
	p, err := opts.LoadProject(context.Background())
	if err != nil {
		t.Fatalf("deploy/compose.yaml: %v", err)
	}
	if img := p.Services["mysql"].Image; !strings.HasPrefix(img, "mysql:8") {
		t.Errorf("mysql image = %q, want MySQL 8", img)
	}
	if p.Services["redis"].Image == "" {
		t.Errorf("no redis service")
	}
	env := func(s types.ServiceConfig, k string) string {
		if v := s.Environment[k]; v != nil {
			return *v
		}
		return ""
	}
	for _, app := range []string{"app1", "app2"} {
		s, ok := p.Services[app]
		if !ok || s.Build == nil || s.Build.Dockerfile != "Dockerfile" {
			t.Errorf("replica %s: missing or not built from the Dockerfile (%+v)", app, s.Build)
			continue
		}
		if env(s, "DATABASE_URL") != "mysql://selfcheck:x@mysql:3306/selfcheck" || env(s, "REDIS_URL") != "redis://redis:6379/0" ||
			env(s, "LISTEN_ADDR") != ":8080" || s.StopGracePeriod == nil {
			t.Errorf("replica %s: environment %v, stop_grace_period %v", app, s.Environment, s.StopGracePeriod)
		}
	}
	mounted := false
	for _, v := range p.Services["nginx"].Volumes {
		mounted = mounted || strings.HasSuffix(v.Source, "deploy/nginx.conf")
	}
	if !mounted {
		t.Errorf("nginx does not mount deploy/nginx.conf: %+v", p.Services["nginx"].Volumes)
	}
	nginx := readRepoFile(t, "deploy/nginx.conf")
	for _, want := range []string{"server app1:8080", "server app2:8080", "listen 443 ssl", "location = /wechat",
		"client_max_body_size 64k", "client_max_body_size 13m", "X-Forwarded-For", "X-Forwarded-Proto", "X-Request-Id"} {
		if !strings.Contains(nginx, want) {
			t.Errorf("deploy/nginx.conf lacks %q", want)
		}
	}
	// With a compose client (plugin or standalone), let it validate the file
	// too; it needs no engine for that.
	var compose []string
	if exec.Command("docker", "compose", "version").Run() == nil {
		compose = []string{"docker", "compose"}
	} else if _, err := exec.LookPath("docker-compose"); err == nil {
		compose = []string{"docker-compose"}
	}
	if compose == nil {
		t.Log("no docker compose client here: validated with compose-go only")
		return
	}
	cmd := exec.Command(compose[0], append(compose[1:], "-f", "../deploy/compose.yaml", "config", "--quiet")...)
	cmd.Env = append(os.Environ(), "MYSQL_PASSWORD=x", "MYSQL_ROOT_PASSWORD=y")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("%s config: %v\n%s", strings.Join(compose, " "), err, out)
	}
}
