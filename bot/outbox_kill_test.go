package bot

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"selfcheck/bot/wechatsim"
	"syscall"
	"testing"
	"time"

	"selfcheck/models"
)

// The child mode of the test binary: TestMain runs runOutboxChild instead of
// the tests when childEnv is set.
const (
	childEnv   = "SELFCHECK_OUTBOX_CHILD"
	childDBEnv = "SELFCHECK_OUTBOX_DB"
	// childAPIEnv is the parent's stand-in API, since the child has none.
	childAPIEnv = "SELFCHECK_OUTBOX_API"
	childLease  = time.Minute
)

// runOutboxChild drains the outbox of the database in childDBEnv into the
// stand-in at childAPIEnv until it is killed or the outbox is empty.
func runOutboxChild() int {
	client, err := NewHTTPClient(os.Getenv(childAPIEnv), 5*time.Second)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	InstallHTTPClient(client)
	ctx := context.Background()
	s, err := models.Open(ctx, os.Getenv(childDBEnv))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	defer s.Close()
	api := NewAPI(APIConfig{AppID: testAppID, AppSecret: testSecret, Base: os.Getenv(childAPIEnv)}, NewMemoryTokenCache())
	snd := NewSender(api, s, SenderConfig{Worker: "child", Batch: 1000, Concurrency: 64, Lease: childLease})
	if _, err := snd.Drain(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// startChild re-executes the test binary as a drain worker on url, sending
// to sim.
func startChild(tb testing.TB, sim *wechatsim.Server, url string) *exec.Cmd {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=1", childDBEnv+"="+url, childAPIEnv+"="+sim.URL)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	return cmd
}

// killWhenDelivered sends SIGKILL to the child once the stand-in sim has
// delivered at least n more messages than before, and waits for it to die.
func killWhenDelivered(tb testing.TB, sim *wechatsim.Server, cmd *exec.Cmd, before, n int) {
	tb.Helper()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	for {
		_, total := sim.DeliveriesSince(1 << 62)
		if total-before >= n {
			break
		}
		select {
		case err := <-exited:
			tb.Fatalf("child exited before the kill: %v", err)
		case <-time.After(time.Millisecond):
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		tb.Fatal(err)
	}
	<-exited
}

// TestOutboxKill9 kills a real worker process with SIGKILL in the middle of
// a campaign; a second worker finishes it after the lease, and every user
// gets exactly one message.
func TestOutboxKill9(t *testing.T) {
	eachDB(t, func(t *testing.T, url string) {
		sim := newSim(t)
		ctx := context.Background()
		s := openStore(t, url)
		ids, openIDs := boundFirms(t, sim, s, 400)
		if _, err := newTestOutbox(t, s).Enqueue(ctx, campaign(ids, 13)...); err != nil {
			t.Fatal(err)
		}
		_, before := sim.DeliveriesSince(1 << 62)
		killWhenDelivered(t, sim, startChild(t, sim, url), before, 150)
		c, _ := s.CountOutbox(ctx, 13)
		t.Logf("killed with %d sent, %d pending", c.Sent, c.Pending)
		if c.Pending == 0 {
			t.Fatalf("the child finished before the kill")
		}
		s.Now = func() time.Time { return time.Now().Add(childLease + time.Second) }
		drainAll(t, s, newTestSender(s, newTestAPI(sim), "survivor"), 3)
		assertOnce(t, sim, openIDs)
	})
}
