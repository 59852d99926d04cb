package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
)

// MenuFile is the custom menu's definition in the templates directory, in
// the body format of /cgi-bin/menu/create.
const MenuFile = "wechat/menu.json"

// Menu is the Official Account's custom menu. With the server URL enabled
// (developer mode) the console's menu editor is off, so the menu exists only
// once CreateMenu has sent it.
type Menu struct {
	Button []MenuButton `json:"button"`
}

// MenuButton is a top-level button or a sub-button.
type MenuButton struct {
	Type      string       `json:"type,omitempty"`
	Name      string       `json:"name"`
	Key       string       `json:"key,omitempty"`
	URL       string       `json:"url,omitempty"`
	SubButton []MenuButton `json:"sub_button,omitempty"`
}

// The platform's menu limits.
const (
	maxMenuButtons    = 3
	maxMenuSubButtons = 5
	maxMenuName       = 16 // bytes of a top-level name (4 Chinese characters)
	maxMenuSubName    = 60 // bytes of a sub-button name
	maxMenuKey        = 128
)

// LoadMenu reads and checks the menu in fsys (the templates directory).
func LoadMenu(fsys fs.FS) (*Menu, error) {
	raw, err := fs.ReadFile(fsys, MenuFile)
	if err != nil {
		return nil, fmt.Errorf("menu: %w", err)
	}
	var m Menu
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("menu %s: %w", MenuFile, err)
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("menu %s: %w", MenuFile, err)
	}
	return &m, nil
}

// Validate checks the menu against the platform's limits (3 buttons of at
// most 5 sub-buttons, name and key lengths) and that every click key starts
// a flow of the bot, so that no menu button is met with 帮助.
func (m *Menu) Validate() error {
	if n := len(m.Button); n == 0 || n > maxMenuButtons {
		return fmt.Errorf("%d top-level buttons; WeChat allows 1 to %d", n, maxMenuButtons)
	}
	for _, b := range m.Button {
		if b.Name == "" || len(b.Name) > maxMenuName {
			return fmt.Errorf("top-level button %q: name must be 1 to %d bytes, is %d", b.Name, maxMenuName, len(b.Name))
		}
		if len(b.SubButton) > maxMenuSubButtons {
			return fmt.Errorf("button %q has %d sub-buttons; WeChat allows %d", b.Name, len(b.SubButton), maxMenuSubButtons)
		}
		if len(b.SubButton) == 0 {
			if err := checkMenuAction(b); err != nil {
				return err
			}
			continue
		}
		if b.Type != "" || b.Key != "" || b.URL != "" {
			return fmt.Errorf("button %q has sub-buttons and an action of its own", b.Name)
		}
		for _, s := range b.SubButton {
			if s.Name == "" || len(s.Name) > maxMenuSubName {
				return fmt.Errorf("sub-button %q: name must be 1 to %d bytes, is %d", s.Name, maxMenuSubName, len(s.Name))
			}
			if len(s.SubButton) > 0 {
				return fmt.Errorf("sub-button %q has sub-buttons", s.Name)
			}
			if err := checkMenuAction(s); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkMenuAction(b MenuButton) error {
	switch b.Type {
	case "click":
		if b.Key == "" || len(b.Key) > maxMenuKey {
			return fmt.Errorf("button %q: key must be 1 to %d bytes", b.Name, maxMenuKey)
		}
		if _, ok := MenuKeys[b.Key]; !ok {
			return fmt.Errorf("button %q: key %q starts no flow", b.Name, b.Key)
		}
	case "view":
		if b.URL == "" || len(b.URL) > 1024 {
			return fmt.Errorf("button %q: url must be 1 to 1024 bytes", b.Name)
		}
	default:
		return fmt.Errorf("button %q: type %q is not click or view", b.Name, b.Type)
	}
	return nil
}

// CreateMenu replaces the account's custom menu with m.
func (a *API) CreateMenu(ctx context.Context, m *Menu) error {
	return a.post(ctx, "menu create", "/cgi-bin/menu/create", m, nil)
}

// Check fetches an access token (from the shared cache when one is there,
// else from WeChat) and proves it with a cheap call (/cgi-bin/menu/get), so
// a server off the IP allow-list is caught even with a cached token. It
// returns nil when WeChat accepts the account's configuration; Diagnose
// says what an error means.
func (a *API) Check(ctx context.Context) error {
	if _, err := a.tokens.get(ctx); err != nil {
		return err
	}
	err := a.get(ctx, "menu get", "/cgi-bin/menu/get", nil)
	var e *APIError
	if errors.As(err, &e) && e.Code == codeNoMenu {
		return nil
	}
	return err
}

// codeNoMenu answers /cgi-bin/menu/get when the account has no menu.
const codeNoMenu = 46003
