package wechatsim

import (
	"encoding/json"
	"net/http"
	"strings"
)

// Menu limits of the platform.
const (
	MaxButtons       = 3
	MaxSubButtons    = 5
	MaxButtonName    = 16 // bytes
	MaxSubButtonName = 60 // bytes
	MaxButtonKey     = 128
	MaxButtonURL     = 1024
)

// Menu is the account's custom menu, as /cgi-bin/menu/create takes it.
type Menu struct {
	Button []Button `json:"button"`
}

// Button is a menu button: click (with a key), view (with a url), or a
// top-level button holding sub-buttons.
type Button struct {
	Type      string   `json:"type,omitempty"`
	Name      string   `json:"name"`
	Key       string   `json:"key,omitempty"`
	URL       string   `json:"url,omitempty"`
	SubButton []Button `json:"sub_button,omitempty"`
}

// The menu errors of the platform's global return codes.
var (
	errButtonSize       = apiError{40016, "invalid button size"}
	errButtonType       = apiError{40017, "invalid button type"}
	errButtonName       = apiError{40018, "invalid button name size"}
	errButtonKey        = apiError{40019, "invalid button key size"}
	errButtonURL        = apiError{40020, "invalid button url size"}
	errSubMenuLevel     = apiError{40022, "invalid sub menu level"}
	errSubButtonSize    = apiError{40023, "invalid sub button size"}
	errSubButtonType    = apiError{40024, "invalid sub button type"}
	errSubButtonName    = apiError{40025, "invalid sub button name size"}
	errSubButtonKey     = apiError{40026, "invalid sub button key size"}
	errSubButtonURL     = apiError{40027, "invalid sub button url size"}
	errSubButtonURLHost = apiError{40054, "invalid sub button url domain"}
	errButtonURLHost    = apiError{40055, "invalid button url domain"}
)

// checkMenu returns the platform's refusal of m, or nil.
func checkMenu(m Menu) *apiError {
	if len(m.Button) < 1 || len(m.Button) > MaxButtons {
		return &errButtonSize
	}
	for _, b := range m.Button {
		if b.Name == "" || len(b.Name) > MaxButtonName {
			return &errButtonName
		}
		if len(b.SubButton) > 0 {
			if len(b.SubButton) > MaxSubButtons {
				return &errSubButtonSize
			}
			for _, sb := range b.SubButton {
				if len(sb.SubButton) > 0 {
					return &errSubMenuLevel
				}
				if sb.Name == "" || len(sb.Name) > MaxSubButtonName {
					return &errSubButtonName
				}
				if e := checkAction(sb, errSubButtonType, errSubButtonKey, errSubButtonURL, errSubButtonURLHost); e != nil {
					return e
				}
			}
			continue
		}
		if e := checkAction(b, errButtonType, errButtonKey, errButtonURL, errButtonURLHost); e != nil {
			return e
		}
	}
	return nil
}

// checkAction checks a button's type and its key or url.
func checkAction(b Button, typ, key, url, host apiError) *apiError {
	switch b.Type {
	case "click":
		if b.Key == "" || len(b.Key) > MaxButtonKey {
			return &key
		}
	case "view":
		if b.URL == "" || len(b.URL) > MaxButtonURL {
			return &url
		}
		if !strings.HasPrefix(b.URL, "http://") && !strings.HasPrefix(b.URL, "https://") {
			return &host
		}
	default:
		return &typ
	}
	return nil
}

func (s *Server) handleMenuCreate(w http.ResponseWriter, r *http.Request) {
	if !s.checkToken(w, r) {
		return
	}
	var m Menu
	body, ok := s.decode(w, r, &m)
	if !ok {
		return
	}
	if e := checkMenu(m); e != nil {
		s.refuse(w, r, *e, "", string(body))
		return
	}
	s.mu.Lock()
	s.menu = &m
	s.mu.Unlock()
	writeOK(w, nil)
}

func (s *Server) handleMenuGet(w http.ResponseWriter, r *http.Request) {
	if !s.checkToken(w, r) {
		return
	}
	s.mu.Lock()
	m := s.menu
	s.mu.Unlock()
	if m == nil {
		s.refuse(w, r, errNoMenu, "", "")
		return
	}
	writeJSON(w, map[string]any{"menu": m})
}

func (s *Server) handleMenuDelete(w http.ResponseWriter, r *http.Request) {
	if !s.checkToken(w, r) {
		return
	}
	s.mu.Lock()
	s.menu = nil
	s.mu.Unlock()
	writeOK(w, nil)
}

// CurrentMenu returns the menu the account shows, if one was created.
func (s *Server) CurrentMenu() (Menu, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.menu == nil {
		return Menu{}, false
	}
	var m Menu
	raw, _ := json.Marshal(s.menu)
	json.Unmarshal(raw, &m)
	return m, true
}
