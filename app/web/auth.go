package web

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"selfcheck/models"
)

type userKey struct{}

func withUser(ctx context.Context, u *models.User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// userFrom returns the signed-in user or API caller, nil if none.
func userFrom(ctx context.Context) *models.User {
	u, _ := ctx.Value(userKey{}).(*models.User)
	return u
}

// requireUser sends visitors without a session to the login page.
func (s *Server) requireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if userFrom(r.Context()) == nil {
			s.Error(w, r, errUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// requireToken authenticates API calls by "Authorization: Bearer TOKEN".
func (s *Server) requireToken(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || token == "" {
			s.Error(w, r, errUnauthorized)
			return
		}
		u, err := s.store.UserByAPIToken(r.Context(), strings.TrimSpace(token))
		if err != nil {
			if models.ErrorCode(err) == models.EFORBIDDEN {
				err = models.Errorf("unauthorized", "%s", models.ErrorMessage(err))
			}
			s.Error(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(withUser(r.Context(), u)))
	})
}

// scopeOf returns the data scope of a user, as the policy defines it.
func (s *Server) scopeOf(u *models.User) models.Scope { return s.reg.Policy().Scope(u) }

// loginData is the login page.
type loginData struct {
	page
	Next     string
	Username string
	Error    string
	Fields   map[string]string
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) error {
	if userFrom(r.Context()) != nil {
		http.Redirect(w, r, "/admin/ranking", http.StatusSeeOther)
		return nil
	}
	s.render(w, r, http.StatusOK, "login", &loginData{page: page{Title: "登录"}, Next: safeNext(r.URL.Query().Get("next"))})
	return nil
}

// loginForm is the login form's payload.
type loginForm struct {
	Username string `json:"username" label:"用户名" validate:"required,max=64"`
	Password string `json:"password" label:"密码" validate:"required,max=72"`
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	f := loginForm{Username: strings.TrimSpace(r.PostFormValue("username")), Password: r.PostFormValue("password")}
	data := &loginData{page: page{Title: "登录"}, Next: safeNext(r.PostFormValue("next")), Username: f.Username}
	if fields := s.check(&f); fields != nil {
		data.Fields, data.Error = fields, "请检查填写的内容"
		s.render(w, r, http.StatusBadRequest, "login", data)
		return nil
	}
	u, err := s.store.Authenticate(r.Context(), f.Username, f.Password, ClientIP(r, s.trustedProxies))
	if err != nil {
		code := models.ErrorCode(err)
		if code != models.EINVALID && code != models.EFORBIDDEN {
			return err
		}
		data.Error = models.ErrorMessage(err)
		status := statusOf[code]
		var lt *models.LoginThrottled
		if errors.As(err, &lt) {
			status = http.StatusTooManyRequests
			w.Header().Set("Retry-After", strconv.Itoa(int((lt.Wait+time.Second-1)/time.Second)))
		}
		s.render(w, r, status, "login", data)
		return nil
	}
	// A new token on sign-in defeats session fixation.
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		return err
	}
	s.sessions.Put(r.Context(), sessionUserID, u.ID)
	s.sessions.Put(r.Context(), sessionAuthAt, s.now().UnixNano())
	s.sessions.Put(r.Context(), sessionCSRF, randomHex(32))
	next := data.Next
	if next == "" {
		next = homeOf(u)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if err := s.sessions.Destroy(r.Context()); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
	return nil
}

// safeNext keeps a post-login redirect inside the dashboard.
func safeNext(next string) string {
	if strings.HasPrefix(next, "/admin/") && !strings.HasPrefix(next, "//") && !strings.Contains(next, "\\") {
		return next
	}
	return ""
}

// ClientIP is the address of the client that sent r, which login
// throttling counts failures by. Without trusted proxies it is the peer
// address. When the peer is a trusted proxy, the X-Forwarded-For hops are
// read from the right, the one the nearest proxy appended, and the first
// hop that is not itself a trusted proxy is the client: a client can forge
// the entries left of it but not the one its proxy adds.
func ClientIP(r *http.Request, trusted []netip.Prefix) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !isTrusted(peer, trusted) {
		return host
	}
	var hops []string
	for _, v := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(v, ",")...)
	}
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			// A garbled hop: the last address vouched for stands.
			break
		}
		client = a.Unmap()
		if !isTrusted(client, trusted) {
			break
		}
	}
	return client.String()
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	a = a.Unmap()
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
