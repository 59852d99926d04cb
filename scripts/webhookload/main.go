// Command webhookload posts signed WeChat text messages to a webhook from
// many distinct users, as an Official Account's followers produce them, and
// reports throughput, latency percentiles and the server's peak memory. It
// runs in its own process, apart from the server it measures.
//
//	webhookload -url http://127.0.0.1:8080/wechat -token T -c 32 -d 20s -users 4000 -new 0.3 -pid PID
//
// Each request carries a fresh nonce and the current timestamp, signed as
// WeChat signs them (SHA-1 of the sorted token, timestamp and nonce). A share
// -new of the requests comes from openids never seen before (first contact);
// the others from a pool of -users followers, each of whom sent one message
// in an untimed warm-up (-warm=false skips it). With -echo ADDR it serves a
// bare silenceper/wechat echo server instead, the baseline the webhook is
// compared with; -floor DSN adds to it the least a durable webhook does
// with its database (see serveFloor).
package main

import (
	"crypto/rand"
	"crypto/sha1"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"log"
	mrand "math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	target := flag.String("url", "", "webhook URL, e.g. http://127.0.0.1:8080/wechat")
	token := flag.String("token", "", "the Official Account's token (WECHAT_TOKEN)")
	clients := flag.Int("c", 32, "concurrent clients")
	dur := flag.Duration("d", 20*time.Second, "how long to post")
	users := flag.Int("users", 4000, "followers in the pool")
	newShare := flag.Float64("new", 0.3, "share of requests from first-time users")
	warm := flag.Bool("warm", true, "send one untimed message from each pool follower first")
	prefix := flag.String("prefix", "", "openid prefix (default: one per run, so every pool follower is new to the server)")
	pid := flag.Int("pid", 0, "server process whose peak RSS (VmHWM) is reported")
	cpuPIDs := flag.String("cpu", "", "comma-separated processes (e.g. the server and its database) whose CPU time per message is reported")
	label := flag.String("label", "", "name printed with the results")
	echo := flag.String("echo", "", "serve a bare silenceper/wechat echo server on this address instead")
	floor := flag.String("floor", "", "with -echo: a MySQL DSN (user@tcp(host:port)/db); the echo server then also group-commits each message's nonce after reading its chat's state, the least a durable webhook does")
	flag.Parse()
	if *echo != "" && *floor != "" {
		log.Fatal(serveFloor(*echo, *token, *floor))
	}
	if *echo != "" {
		log.Fatal(serveEcho(*echo, *token))
	}
	if *target == "" || *token == "" {
		flag.Usage()
		os.Exit(2)
	}
	if *prefix == "" {
		*prefix = "o" + strconv.FormatInt(time.Now().Unix()%1e6, 36) + "-"
	}
	l := &loader{target: *target, token: *token, prefix: *prefix,
		client: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: *clients, MaxConnsPerHost: *clients}}}
	if *warm {
		t0 := time.Now()
		pool := make([]string, *users)
		for i := range pool {
			pool[i] = l.poolID(i)
		}
		l.run(*clients, 0, func(i int64) (string, bool) {
			if i >= int64(len(pool)) {
				return "", false
			}
			return pool[i], true
		})
		fmt.Fprintf(os.Stderr, "warm-up: %d followers in %.1fs\n", *users, time.Since(t0).Seconds())
	}
	var fresh atomic.Int64
	watched := parsePIDs(*cpuPIDs)
	cpu0, self0 := cpuTimes(watched), selfCPU()
	deadline := time.Now().Add(*dur)
	r := l.run(*clients, *dur, func(i int64) (string, bool) {
		if time.Now().After(deadline) {
			return "", false
		}
		if mrand.Float64() < *newShare {
			return l.prefix + "new-" + strconv.FormatInt(fresh.Add(1), 10), true
		}
		return l.poolID(mrand.IntN(*users)), true
	})
	cpu1, self1 := cpuTimes(watched), selfCPU()
	hwm := ""
	if *pid > 0 {
		hwm = vmHWM(*pid)
	}
	fmt.Printf("%s\treq/s %.0f\tp50 %.2f ms\tp99 %.2f ms\tmax %.1f ms\tok %d\terrors %d\tfirst-contact %d\tusers %d\tVmHWM %s\n",
		*label, r.rate, ms(r.p50), ms(r.p99), ms(r.max), r.ok, r.errors, fresh.Load(), *users+int(fresh.Load()), hwm)
	if r.ok > 0 {
		// CPU per message: what each process spent, over the messages
		// answered, in microseconds.
		per := func(d time.Duration) float64 { return float64(d.Microseconds()) / float64(r.ok) }
		fmt.Printf("%s\tCPU µs/msg: load generator %.0f", *label, per(self1-self0))
		for i, p := range watched {
			fmt.Printf("\tpid %d %.0f", p, per(cpu1[i]-cpu0[i]))
		}
		fmt.Println()
	}
	if r.errors > 0 {
		fmt.Fprintf(os.Stderr, "first error: %s\n", r.firstErr)
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

type loader struct {
	target, token, prefix string
	client                *http.Client
}

func (l *loader) poolID(i int) string { return l.prefix + "u-" + strconv.Itoa(i) }

// msgIDs numbers the messages: WeChat's MsgId is unique per message, and the
// server takes a repeated one for a retry.
var msgIDs atomic.Int64

func init() { msgIDs.Store(time.Now().UnixMicro() * 1000) }

type result struct {
	rate          float64
	p50, p99, max time.Duration
	ok, errors    int
	firstErr      string
}

// texts are what followers type: help, a greeting the bot answers with its
// short help, progress and credit lookups, a stray number.
var texts = []string{"帮助", "你好", "进度", "我的信用", "123", "谢谢"}

// run posts from clients goroutines, each taking the next openid from next
// until it says stop.
func (l *loader) run(clients int, _ time.Duration, next func(int64) (string, bool)) result {
	var n atomic.Int64
	lat := make([][]time.Duration, clients)
	errs := make([]int, clients)
	var firstErr atomic.Value
	var wg sync.WaitGroup
	start := time.Now()
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := n.Add(1) - 1
				openid, ok := next(i)
				if !ok {
					return
				}
				t0 := time.Now()
				if err := l.post(openid, texts[i%int64(len(texts))], msgIDs.Add(1)); err != nil {
					errs[c]++
					firstErr.CompareAndSwap(nil, err.Error())
					continue
				}
				lat[c] = append(lat[c], time.Since(t0))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	all := slices.Concat(lat...)
	slices.Sort(all)
	r := result{ok: len(all), rate: float64(len(all)) / elapsed.Seconds()}
	for _, e := range errs {
		r.errors += e
	}
	if s, ok := firstErr.Load().(string); ok {
		r.firstErr = s
	}
	if len(all) > 0 {
		r.p50, r.p99, r.max = all[len(all)/2], all[len(all)*99/100], all[len(all)-1]
	}
	return r
}

// post sends one signed text message and checks the answer is a reply.
func (l *loader) post(openid, text string, msgID int64) error {
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	var b [12]byte
	rand.Read(b[:])
	nonce := hex.EncodeToString(b[:])
	q := url.Values{"signature": {sign(l.token, ts, nonce)}, "timestamp": {ts}, "nonce": {nonce}, "openid": {openid}}
	body := fmt.Sprintf("<xml><ToUserName><![CDATA[gh_load]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName>"+
		"<CreateTime>%s</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[%s]]></Content>"+
		"<MsgId>%d</MsgId></xml>", openid, ts, text, msgID)
	res, err := l.client.Post(l.target+"?"+q.Encode(), "text/xml", strings.NewReader(body))
	if err != nil {
		return err
	}
	defer res.Body.Close()
	got, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d: %.200s", res.StatusCode, got)
	}
	if !strings.Contains(string(got), "<xml>") {
		return fmt.Errorf("not a reply: %.200s", got)
	}
	return nil
}

// sign is WeChat's request signature.
func sign(parts ...string) string {
	sort.Strings(parts)
	sum := sha1.Sum([]byte(strings.Join(parts, "")))
	return hex.EncodeToString(sum[:])
}

// vmHWM returns the peak resident set size of a process.
func vmHWM(pid int) string {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "?"
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.Join(strings.Fields(v), " ")
		}
	}
	return "?"
}

func parsePIDs(s string) []int {
	var pids []int
	for _, f := range strings.Split(s, ",") {
		if p, err := strconv.Atoi(strings.TrimSpace(f)); err == nil && p > 0 {
			pids = append(pids, p)
		}
	}
	return pids
}

// cpuTimes returns the user plus system CPU time of each process so far
// (fields 14 and 15 of /proc/PID/stat, in clock ticks of 1/100 s).
func cpuTimes(pids []int) []time.Duration {
	out := make([]time.Duration, len(pids))
	for i, p := range pids {
		raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p))
		if err != nil {
			continue
		}
		// The command name may hold spaces; fields count from after ")".
		s := string(raw)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) < 13 {
			continue
		}
		ut, _ := strconv.ParseInt(f[11], 10, 64)
		st, _ := strconv.ParseInt(f[12], 10, 64)
		out[i] = time.Duration(ut+st) * 10 * time.Millisecond
	}
	return out
}

// selfCPU is this process's own CPU time so far.
func selfCPU() time.Duration { return cpuTimes([]int{os.Getpid()})[0] }
