package main

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // SELFCHECK_TZ must load on machines without tzdata.

	"github.com/redis/go-redis/v9"
)

// Config is everything the environment decides. LoadConfig fills it with the
// defaults of DESIGN.md and reports every bad value at once.
type Config struct {
	DatabaseURL   string
	ListenAddr    string
	DataDir       string
	PublicBaseURL string
	TZ            *time.Location
	RedisURL      string
	Demo          bool
	WeChat        WeChatConfig
	// TemplatesFile is WECHAT_TEMPLATES: the file mapping each pushed notice to
	// its template id and fields ("" means the shipped demo mapping).
	TemplatesFile string
	// TrustedProxies is TRUSTED_PROXIES: the reverse proxies whose
	// X-Forwarded-For entries are believed. The client address of a request
	// is the right-most X-Forwarded-For hop outside these networks; with
	// none (the default) it is the peer address.
	TrustedProxies []netip.Prefix
	// RetentionFile is SELFCHECK_RETENTION: the retention policy to apply
	// instead of the shipped templates/retention.yaml.
	RetentionFile string
	// DataKey is SELFCHECK_DATA_KEY, the key encrypting personal data at
	// rest (32 bytes, base64 or hex); Cipher is SELFCHECK_CIPHER (aes or sm4).
	DataKey, Cipher string
	// MetricsAddr is METRICS_ADDR: when set, /metrics is served only on this
	// address and the main listener answers 404 for it.
	MetricsAddr string

	// demoPublicURL and demoAPIBase record that demo mode derived these
	// from LISTEN_ADDR; serve re-derives them from the port it bound.
	demoPublicURL, demoAPIBase bool
}

// WeChatConfig holds the Official Account's settings.
type WeChatConfig struct {
	AppID     string
	AppSecret string
	Token     string
	AESKey    string
	// APIBase is WECHAT_API_BASE: where every outbound call goes, token
	// included. It may carry a path prefix.
	APIBase string
	// RateLimit is WECHAT_RATE_LIMIT: outbound messages per second per
	// replica; 0 means no limit.
	RateLimit float64
	// StableToken is WECHAT_STABLE_TOKEN: fetch the access token from
	// /cgi-bin/stable_token, which does not retire the token other
	// consumers of the AppID hold.
	StableToken bool
}

// Demo values for the WeChat settings, used under SELFCHECK_DEMO=1 when unset.
const (
	demoAppID     = "wxd3m0000000000001"
	demoAppSecret = "demo-app-secret"
	demoToken     = "selfcheckdemo"
)

// LoadConfig reads the configuration through getenv. The error joins one line
// per problem, each naming the variable and what is wrong.
func LoadConfig(getenv func(string) string) (Config, error) {
	var errs []error
	bad := func(name, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", name, fmt.Sprintf(format, args...)))
	}
	c := Config{
		DataDir:       orDefault(getenv("DATA_DIR"), "./data"),
		ListenAddr:    orDefault(getenv("LISTEN_ADDR"), "127.0.0.1:8080"),
		PublicBaseURL: strings.TrimRight(getenv("PUBLIC_BASE_URL"), "/"),
		RedisURL:      getenv("REDIS_URL"),
		TemplatesFile: getenv("WECHAT_TEMPLATES"),
		RetentionFile: getenv("SELFCHECK_RETENTION"),
		DataKey:       getenv("SELFCHECK_DATA_KEY"),
		Cipher:        strings.ToLower(getenv("SELFCHECK_CIPHER")),
		WeChat: WeChatConfig{
			AppID:     getenv("WECHAT_APPID"),
			AppSecret: getenv("WECHAT_APPSECRET"),
			Token:     getenv("WECHAT_TOKEN"),
			AESKey:    getenv("WECHAT_AES_KEY"),
			APIBase:   strings.TrimRight(getenv("WECHAT_API_BASE"), "/"),
		},
	}
	switch v := strings.ToLower(getenv("SELFCHECK_DEMO")); v {
	case "", "0", "false", "no":
	case "1", "true", "yes":
		c.Demo = true
	default:
		bad("SELFCHECK_DEMO", "%q is not 1 or 0", v)
	}
	c.DatabaseURL = getenv("DATABASE_URL")
	if c.DatabaseURL == "" {
		c.DatabaseURL = "sqlite://" + filepath.Join(c.DataDir, "selfcheck.db")
	} else if scheme, _, _ := strings.Cut(c.DatabaseURL, "://"); scheme != "sqlite" && scheme != "mysql" {
		bad("DATABASE_URL", "want sqlite://PATH or mysql://user:pass@host:3306/db, got scheme %q", scheme)
	}
	if _, port, err := net.SplitHostPort(c.ListenAddr); err != nil || port == "" {
		bad("LISTEN_ADDR", "%q is not host:port (for example 127.0.0.1:8080 or :8080)", c.ListenAddr)
	}
	tz := orDefault(getenv("SELFCHECK_TZ"), "Asia/Shanghai")
	if loc, err := time.LoadLocation(tz); err != nil {
		bad("SELFCHECK_TZ", "unknown time zone %q", tz)
	} else {
		c.TZ = loc
	}
	if c.PublicBaseURL != "" {
		if u, err := url.Parse(c.PublicBaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("PUBLIC_BASE_URL", "%q is not an http(s) URL", c.PublicBaseURL)
		}
	}
	if v := getenv("TRUSTED_PROXIES"); v != "" {
		p, err := parseTrustedProxies(v)
		if err != nil {
			bad("TRUSTED_PROXIES", "%s (want a comma-separated list of CIDRs or addresses, e.g. 127.0.0.1/32,10.0.0.0/8)", err.Error())
		}
		c.TrustedProxies = p
	}
	if c.MetricsAddr = getenv("METRICS_ADDR"); c.MetricsAddr != "" {
		if _, port, err := net.SplitHostPort(c.MetricsAddr); err != nil || port == "" {
			bad("METRICS_ADDR", "%q is not host:port (for example 127.0.0.1:9100)", c.MetricsAddr)
		} else if c.MetricsAddr == c.ListenAddr && port != "0" {
			bad("METRICS_ADDR", "%q is LISTEN_ADDR; give /metrics an address of its own", c.MetricsAddr)
		}
	}
	if c.RedisURL != "" {
		if _, err := redis.ParseURL(c.RedisURL); err != nil {
			bad("REDIS_URL", "%q is not a redis:// URL", c.RedisURL)
		}
	}
	switch v := strings.ToLower(getenv("WECHAT_STABLE_TOKEN")); v {
	case "", "0", "false", "no":
	case "1", "true", "yes":
		c.WeChat.StableToken = true
	default:
		bad("WECHAT_STABLE_TOKEN", "%q is not 1 or 0", v)
	}
	if v := getenv("WECHAT_RATE_LIMIT"); v != "" {
		if r, err := strconv.ParseFloat(v, 64); err != nil || r < 0 || r > 100000 {
			bad("WECHAT_RATE_LIMIT", "%q is not a number of messages per second (0 = no limit)", v)
		} else {
			c.WeChat.RateLimit = r
		}
	}
	if c.WeChat.APIBase != "" {
		if u, err := url.Parse(c.WeChat.APIBase); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("WECHAT_API_BASE", "%q is not an http(s) URL", c.WeChat.APIBase)
		}
	}
	if k := c.WeChat.AESKey; k != "" {
		if b, err := base64.StdEncoding.DecodeString(k + "="); len(k) != 43 || err != nil || len(b) != 32 {
			bad("WECHAT_AES_KEY", "the EncodingAESKey must be 43 characters of base64 (32 bytes)")
		}
	}
	if c.Demo {
		c.WeChat.AppID = orDefault(c.WeChat.AppID, demoAppID)
		c.WeChat.AppSecret = orDefault(c.WeChat.AppSecret, demoAppSecret)
		c.WeChat.Token = orDefault(c.WeChat.Token, demoToken)
		if c.PublicBaseURL == "" {
			c.PublicBaseURL = "http://" + displayAddr(c.ListenAddr)
			c.demoPublicURL = true
		}
		if c.WeChat.APIBase == "" {
			c.WeChat.APIBase = c.PublicBaseURL + "/simulator/api"
			c.demoAPIBase = true
		}
	}
	return c, errors.Join(errs...)
}

// RequireWeChat reports the WeChat settings serve cannot run without, one line
// per missing variable. Demo mode has filled them in already.
func (c Config) RequireWeChat() error {
	var errs []error
	for _, v := range []struct{ name, value string }{
		{"WECHAT_APPID", c.WeChat.AppID},
		{"WECHAT_APPSECRET", c.WeChat.AppSecret},
		{"WECHAT_TOKEN", c.WeChat.Token},
	} {
		if v.value == "" {
			errs = append(errs, fmt.Errorf("%s: required outside demo mode (set SELFCHECK_DEMO=1 to try the service with the simulator)", v.name))
		}
	}
	return errors.Join(errs...)
}

// parseTrustedProxies reads a comma-separated list of CIDRs; a bare address
// stands for itself alone.
func parseTrustedProxies(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, fmt.Errorf("%q is not an address or CIDR", f)
			}
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("%q is not an address or CIDR", f)
		}
		if p.Addr().Is4In6() {
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// displayAddr turns a listen address into one a browser can open.
func displayAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}
