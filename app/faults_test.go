package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"selfcheck/bot/wechatsim"
	"selfcheck/models"
)

// faultPush seeds n bound, subscribed firms in a street of their own and a
// campaign for them, and returns the campaign and the users.
func (f *clusterFixture) faultPush(t *testing.T, first int64, n int, street string) (int64, []string) {
	t.Helper()
	openIDs := seedBound(t, f.seed.store, first, n, street, fmt.Sprintf("ofault%d-", time.Now().UnixNano()%1e9))
	for _, o := range openIDs {
		f.api.Subscribe(o)
	}
	return f.campaign(t, fmt.Sprintf("燃气安全专项自查%d", first), models.CampaignTarget{Streets: []string{street}}, nil), openIDs
}

// push pushes a campaign from the command line, as an operator does.
func (c *cluster) push(id int64) {
	c.t.Helper()
	c.command("campaign", "push", strconv.FormatInt(id, 10))
}

// delivered reports whether every user got at least want messages.
func delivered(api *wechatsim.Server, openIDs []string, want int) bool {
	got := api.DeliveryCounts()
	for _, o := range openIDs {
		if got[o] < want {
			return false
		}
	}
	return true
}

// checkDrained waits until no outbox row is pending, then checks that
// every row was sent (none dead) and every user got exactly want messages.
func (c *cluster) checkDrained(store *models.Store, openIDs []string, want int) {
	c.t.Helper()
	c.waitFor("the outbox drained", func() bool {
		var pending int64
		store.DB().Table("outbox").Where("status = ?", models.OutboxPending).Count(&pending)
		return pending == 0
	})
	var notSent []struct {
		Status    string
		LastError string
		N         int
	}
	store.DB().Table("outbox").Select("status, last_error, COUNT(*) AS n").Where("status <> ?", models.OutboxSent).
		Group("status, last_error").Scan(&notSent)
	if len(notSent) > 0 {
		c.t.Errorf("outbox rows not sent: %+v", notSent)
	}
	got := c.api.DeliveryCounts()
	bad := 0
	for _, o := range openIDs {
		if got[o] != want {
			if bad < 5 {
				c.t.Errorf("%s received %d messages, want %d", o, got[o], want)
			}
			bad++
		}
	}
	if bad > 0 {
		c.t.Errorf("%d of %d users did not receive exactly %d messages", bad, len(openIDs), want)
	}
}

// TestFaultKillReplicaMidPush kills a replica with SIGKILL while it sends a
// campaign, restarts it beside another: every user gets the message exactly
// once. The messages the dead replica had leased go out when the lease
// ends; one it sent without committing is resent with the same
// client_msg_id and dropped by WeChat.
func TestFaultKillReplicaMidPush(t *testing.T) {
	t.Parallel() // mostly waiting on other processes
	f := newClusterFixture(t)
	const n = 2000
	id, openIDs := f.faultPush(t, 1, n, "440604012")
	c := newCluster(t, f.bin, f.url, redisForTest(t), f.api, f.templates)
	a := c.start("a")
	c.push(id)
	// Killed with a third delivered, while it holds a lease.
	leasedBy := fmt.Sprintf("%s:%d#%%", replicaHost(), a.cmd.Process.Pid)
	leased := func() int64 {
		var n int64
		f.seed.store.DB().Table("outbox").Where("status = ? AND locked_by LIKE ?", models.OutboxPending, leasedBy).Count(&n)
		return n
	}
	c.waitFor("a third of the campaign delivered, a batch leased", func() bool {
		return len(f.api.DeliveryCounts()) >= n/3 && leased() > 0
	})
	c.kill(a)
	at := len(f.api.DeliveryCounts())
	if at >= n {
		t.Fatalf("the campaign was all delivered (%d) before the kill: nothing was in flight", at)
	}
	held := leased()
	start := time.Now()
	c.startAll("a2", "b")
	c.waitFor("every user reached", func() bool { return delivered(f.api, openIDs, 1) })
	c.checkDrained(f.seed.store, openIDs, 1)
	if r := f.api.Refused(); len(r) != 0 {
		t.Errorf("the stand-in refused %d calls, first %+v", len(r), r[0])
	}
	t.Logf("%d users; killed at %d delivered with %d messages leased by the dead replica; all delivered exactly once %v after the restart, %d repeats dropped by client_msg_id",
		n, at, held, time.Since(start).Round(time.Second), f.api.Dropped())
}

// logged returns the first warning or error a replica logged that
// mentions text, "" if none did.
func (c *cluster) logged(text string) string {
	for _, r := range c.replicas {
		for _, line := range strings.Split(r.logs.String(), "\n") {
			if (strings.Contains(line, `"level":"WARN"`) || strings.Contains(line, `"level":"ERROR"`)) &&
				strings.Contains(strings.ToLower(line), text) {
				return r.name + ": " + line
			}
		}
	}
	return ""
}

func replicaHost() string { h, _ := os.Hostname(); return h }

// TestFaultWeChatErrors has the stand-in answer 500, time out, lose its
// answer, refuse the token (40001) and go away for a while, each several
// times, while two replicas send a campaign: every user gets exactly one
// message, none is given up.
func TestFaultWeChatErrors(t *testing.T) {
	t.Parallel() // mostly waiting on other processes
	f := newClusterFixture(t)
	const n = 60
	id, openIDs := f.faultPush(t, 1, n, "440604012")
	c := newCluster(t, f.bin, f.url, redisForTest(t), f.api, f.templates)
	c.startAll("a", "b")
	const send = "/cgi-bin/message/template/send"
	f.api.Inject(send,
		wechatsim.Fault500, wechatsim.FaultInvalidToken, wechatsim.FaultSlow, wechatsim.Fault500,
		wechatsim.FaultLostReply, wechatsim.FaultInvalidToken, wechatsim.FaultInvalidToken, wechatsim.Fault500,
		wechatsim.FaultSlow, wechatsim.FaultLostReply, wechatsim.Fault500)
	c.push(id)
	c.waitFor("the first deliveries", func() bool { return len(f.api.Deliveries()) >= 5 })
	// WeChat unreachable for a while: connections refused.
	f.api.Down()
	var failed int64
	c.waitFor("sends failing while WeChat is unreachable", func() bool {
		f.seed.store.DB().Table("outbox").Where("status = ? AND last_error LIKE ?", models.OutboxPending, "%connect%").Count(&failed)
		return failed > 0 || delivered(f.api, openIDs, 1)
	})
	if err := f.api.Up(); err != nil {
		t.Fatal(err)
	}
	c.waitFor("every user reached", func() bool { return delivered(f.api, openIDs, 1) })
	c.checkDrained(f.seed.store, openIDs, 1)
	// Each 40001 costs at most one token fetch, shared through Redis.
	if tf := f.api.TokenFetches(); tf < 1 || tf > 4 {
		t.Errorf("token fetches: %d, want 1 and one per 40001 at most", tf)
	}
	if f.api.Dropped() < 1 {
		t.Errorf("no repeat dropped: the sends whose answers were lost were not retried")
	}
	t.Logf("%d users, each reached once through 4×500, 2 timeouts, 2 lost answers, 3×40001 and an outage (%d messages failed during it); %d repeats dropped, %d token fetches",
		n, failed, f.api.Dropped(), f.api.TokenFetches())
}

// TestFaultRedisDown stops the Redis holding the shared access token: the
// replicas keep answering the webhook, the outbox waits and says why in the
// log, and once Redis is back every message goes out exactly once.
func TestFaultRedisDown(t *testing.T) {
	t.Parallel() // mostly waiting on other processes
	f := newClusterFixture(t)
	rs := startRedis(t)
	first, openIDs := f.faultPush(t, 1, 20, "440604012")
	second := f.campaign(t, "燃气安全专项自查（第二轮）", models.CampaignTarget{Streets: []string{"440604012"}}, nil)
	c := newCluster(t, f.bin, f.url, rs.url(0), f.api, f.templates)
	c.startAll("a", "b")
	c.push(first)
	c.waitFor("the first campaign delivered", func() bool { return delivered(f.api, openIDs, 1) })

	rs.down()
	for i := range 4 {
		r, reply := c.say(fmt.Sprintf("o_redis_down_%d", i), "帮助")
		if reply == "" {
			t.Errorf("replica %s: no reply to 帮助 with Redis down", r.name)
		}
	}
	c.push(second)
	var why string
	c.waitFor("a log line naming Redis", func() bool {
		why = c.logged("redis")
		return why != ""
	})
	if delivered(f.api, openIDs, 2) {
		t.Fatal("the second campaign went out without the shared token")
	}
	rs.up()
	c.waitFor("the second campaign delivered", func() bool { return delivered(f.api, openIDs, 2) })
	c.checkDrained(f.seed.store, openIDs, 2)
	t.Logf("with Redis down: %s; after: %d token fetches (Redis restarted empty)", clipReply(why, 300), f.api.TokenFetches())
}

// TestFaultSQLiteUnwritable starts serve on SQLite in a data directory on
// a read-only file system, and on a full one: it stops at once with one
// line naming the database's path.
func TestFaultSQLiteUnwritable(t *testing.T) {
	t.Parallel() // mostly waiting on other processes
	bin := buildSelfcheck(t)
	serve := func(t *testing.T, dir string) string {
		t.Helper()
		cmd := exec.Command(bin, "serve")
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "DATA_DIR=" + dir, "LISTEN_ADDR=127.0.0.1:0", "LOG_FORMAT=json",
			"WECHAT_APPID=wxsqlite", "WECHAT_APPSECRET=s", "WECHAT_TOKEN=t", "WECHAT_API_BASE=http://127.0.0.1:9"}
		done := make(chan struct{})
		var out []byte
		var err error
		go func() { out, err = cmd.CombinedOutput(); close(done) }()
		select {
		case <-done:
		case <-time.After(clusterWait):
			cmd.Process.Signal(syscall.SIGKILL)
			<-done
			t.Fatalf("serve did not stop on an unwritable data dir:\n%s", out)
		}
		if err == nil {
			t.Fatalf("serve exited 0 on an unwritable data dir:\n%s", out)
		}
		var last string
		for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			if !strings.HasPrefix(l, "{") {
				last = l
			}
		}
		if db := filepath.Join(dir, "selfcheck.db"); !strings.Contains(last, db) {
			t.Errorf("the error line does not name %s: %q", db, last)
		}
		return last
	}
	mount := func(t *testing.T, opts string) string {
		t.Helper()
		dir := t.TempDir()
		if out, err := exec.Command("mount", "-t", "tmpfs", "-o", opts, "tmpfs", dir).CombinedOutput(); err != nil {
			t.Skipf("cannot mount a tmpfs to play the disk (%v: %s)", err, out)
		}
		t.Cleanup(func() { exec.Command("umount", dir).Run() })
		return dir
	}
	t.Run("ReadOnly", func(t *testing.T) {
		var dir string
		if os.Geteuid() == 0 {
			dir = mount(t, "ro,size=64k") // root writes through file modes
		} else {
			dir = t.TempDir()
			os.Chmod(dir, 0o555)
			t.Cleanup(func() { os.Chmod(dir, 0o755) })
		}
		if line := serve(t, dir); !strings.Contains(line, "not writable") {
			t.Errorf("want the directory reported not writable: %q", line)
		} else {
			t.Log(line)
		}
	})
	t.Run("Full", func(t *testing.T) {
		if os.Geteuid() != 0 {
			t.Skip("a full disk is played by a tiny tmpfs, which needs root to mount")
		}
		dir := mount(t, "size=96k")
		if line := serve(t, dir); !strings.Contains(line, "full") {
			t.Errorf("want the disk reported full: %q", line)
		} else {
			t.Log(line)
		}
	})
}

// mariaDB is a private MariaDB server a test starts, kills and restarts,
// with the server's default durability.
type mariaDB struct {
	t    *testing.T
	base string
	port int
	user []string
	cmd  *exec.Cmd
	done chan struct{}
}

// startMariaDB installs a data dir and starts mariadbd on a free port of
// ours, as scripts/services.sh does.
func startMariaDB(t *testing.T) *mariaDB {
	t.Helper()
	for _, bin := range []string{"mariadb-install-db", "mariadbd"} {
		if _, err := exec.LookPath(bin); err != nil {
			if _, err := os.Stat("/usr/sbin/" + bin); err != nil {
				t.Fatalf("%s not installed (apt-get install mariadb-server)", bin)
			}
		}
	}
	base, err := os.MkdirTemp("", "selfcheck-mariadb-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	os.Chmod(base, 0o755)
	m := &mariaDB{t: t, base: base, port: freePort(t, 19020, 19049)}
	if os.Geteuid() == 0 {
		m.user = []string{"--user=mysql"}
		if out, err := exec.Command("chown", "mysql:mysql", base).CombinedOutput(); err != nil {
			t.Fatalf("chown: %v: %s", err, out)
		}
	}
	args := append(append([]string{}, m.user...), "--datadir="+filepath.Join(base, "data"),
		"--auth-root-authentication-method=normal", "--skip-test-db")
	if out, err := exec.Command(mariadbBin("mariadb-install-db"), args...).CombinedOutput(); err != nil {
		t.Fatalf("mariadb-install-db: %v\n%s", err, out)
	}
	m.up()
	t.Cleanup(m.kill)
	return m
}

func mariadbBin(name string) string {
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	return "/usr/sbin/" + name
}

func (m *mariaDB) dsn() string { return fmt.Sprintf("root@tcp(127.0.0.1:%d)/", m.port) }

// up starts mariadbd on the data dir and waits until it answers.
func (m *mariaDB) up() {
	m.t.Helper()
	args := append(append([]string{}, m.user...), "--datadir="+filepath.Join(m.base, "data"),
		"--port="+strconv.Itoa(m.port), "--bind-address=127.0.0.1", "--socket="+filepath.Join(m.base, "sock"),
		"--pid-file="+filepath.Join(m.base, "pid"), "--skip-log-bin", "--max-connections=300",
		"--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci")
	m.cmd = exec.Command(mariadbBin("mariadbd"), args...)
	log, _ := os.Create(filepath.Join(m.base, "mariadbd.log"))
	m.cmd.Stdout, m.cmd.Stderr = log, log
	if err := m.cmd.Start(); err != nil {
		m.t.Fatal(err)
	}
	m.done = make(chan struct{})
	cmd, done := m.cmd, m.done
	go func() { cmd.Wait(); log.Close(); close(done) }()
	deadline := time.Now().Add(clusterWait)
	for {
		db, err := sql.Open("mysql", m.dsn())
		if err == nil {
			err = db.Ping()
			db.Close()
		}
		if err == nil {
			return
		}
		select {
		case <-done:
			out, _ := os.ReadFile(filepath.Join(m.base, "mariadbd.log"))
			m.t.Fatalf("mariadbd exited:\n%s", out)
		default:
		}
		if time.Now().After(deadline) {
			m.t.Fatalf("mariadbd did not start: %v", err)
		}
		time.Sleep(50 * time.Millisecond) // polling interval
	}
}

// kill stops mariadbd with SIGKILL, as a crash would, and waits.
func (m *mariaDB) kill() {
	if m.cmd == nil || m.cmd.Process == nil {
		return
	}
	select {
	case <-m.done:
	default:
		m.cmd.Process.Signal(syscall.SIGKILL)
		<-m.done
	}
}

// busyText is the reply to a message that failed and was rolled back.
const busyText = "系统繁忙"

// TestFaultMariaDBRestart kills MariaDB (SIGKILL, default durability) under
// webhook load on two replicas and starts it again: /readyz turns false and
// then true again, and every message a replica accepted is recorded: its
// request's nonce always, and its dedupe key when it changed something (half
// the senders write for the first time, which creates their rows; the other
// half ask for help again and again, which changes nothing). A message that
// failed is not accepted: it is answered with an HTTP error or 系统繁忙 (the
// user sends it again), and the test sends it again.
func TestFaultMariaDBRestart(t *testing.T) {
	t.Parallel() // mostly waiting on other processes
	m := startMariaDB(t)
	dbURL := fmt.Sprintf("mysql://root@127.0.0.1:%d/selfcheck", m.port)
	db, err := sql.Open("mysql", m.dsn())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE DATABASE selfcheck CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	api := wechatsim.New(fmt.Sprintf("wxdb%d", time.Now().UnixNano()%1e12), "db-secret").Start()
	t.Cleanup(api.Close)
	c := newCluster(t, buildSelfcheck(t), dbURL, "", api, testTemplatesFile(t))
	c.command("migrate")
	rs := c.startAll("a", "b")

	type msg struct {
		id    int64
		body  string
		wrote bool // from a first-time sender: committed with a dedupe key
	}
	var mu sync.Mutex
	var accepted, refused []msg
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				id := c.msgID.Add(1)
				sender, wrote := i%40, w%2 == 0
				if wrote {
					sender = i // a new follower every time
				}
				body := fmt.Sprintf(`<xml><ToUserName><![CDATA[gh_db]]></ToUserName><FromUserName><![CDATA[o_db_%d_%d]]></FromUserName>`+
					`<CreateTime>%d</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[帮助]]></Content><MsgId>%d</MsgId></xml>`,
					w, sender, time.Now().Unix(), id)
				status, reply, err := c.post(rs[i%len(rs)], body)
				mu.Lock()
				// 系统繁忙 answers a message that was rolled back: not
				// accepted, the user is asked to send it again.
				if err == nil && status == http.StatusOK && !strings.Contains(reply, busyText) {
					accepted = append(accepted, msg{id, body, wrote})
				} else {
					refused = append(refused, msg{id, body, wrote})
				}
				mu.Unlock()
			}
		}()
	}
	count := func() (int, int) { mu.Lock(); defer mu.Unlock(); return len(accepted), len(refused) }
	c.waitFor("messages answered before the restart", func() bool { a, _ := count(); return a >= 100 })
	m.kill()
	c.waitFor("/readyz false with the database down", func() bool { return !rs[0].ready() && !rs[1].ready() })
	before, _ := count()
	m.up()
	c.waitFor("/readyz true with the database back", func() bool { return rs[0].ready() && rs[1].ready() })
	c.waitFor("messages answered after the restart", func() bool { a, _ := count(); return a >= before+100 })
	close(stop)
	wg.Wait()

	// WeChat retries what was not acknowledged, with the same MsgId.
	mu.Lock()
	retry := refused
	mu.Unlock()
	for i, r := range retry {
		c.waitFor("a message sent again accepted", func() bool {
			status, reply, err := c.post(rs[i%len(rs)], r.body)
			return err == nil && status == http.StatusOK && !strings.Contains(reply, busyText)
		})
		accepted = append(accepted, r)
	}
	store, err := models.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	keys := func(table string) map[string]bool {
		var keys []string
		if err := store.DB().Table(table).Pluck("dedupe_key", &keys).Error; err != nil {
			t.Fatal(err)
		}
		have := make(map[string]bool, len(keys))
		for _, k := range keys {
			have[k] = true
		}
		return have
	}
	processed, requests := keys("processed_messages"), keys("webhook_nonces")
	lost, unprocessed, writers := 0, 0, 0
	for _, a := range accepted {
		key := "msg:" + strconv.FormatInt(a.id, 10)
		if !requests[key] {
			lost++
		}
		if a.wrote {
			writers++
			if !processed[key] {
				unprocessed++
			}
		}
	}
	if lost > 0 || unprocessed > 0 || writers == 0 {
		t.Errorf("of %d accepted messages %d have no request on record; of the %d that changed something %d have no dedupe key",
			len(accepted), lost, writers, unprocessed)
	}
	t.Logf("%d messages accepted, %d of them changing something (%d refused while MariaDB was down, then sent again), %d lost",
		len(accepted), writers, len(retry), lost)
}
