package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"

	"github.com/goccy/go-yaml"

	"selfcheck/bot"
)

// shippedTemplates is the demo mapping of notices to template messages, used
// in demo mode when WECHAT_TEMPLATES is unset.
const shippedTemplates = "wechat_templates.yaml"

// demoTemplatePrefix starts the template ids of the shipped demo mapping,
// which no real account has.
const demoTemplatePrefix = "demo-"

// loadWeChatTemplates reads the WECHAT_TEMPLATES file (YAML, or JSON, which
// is YAML too), or, in demo mode when path is "", the shipped demo mapping
// in assets, and validates it: every notice has a template and every
// keyword can be filled with a value of its type. Outside demo mode the
// file is required and may not use the demo template ids. The error has
// one line per problem, each naming the file.
func loadWeChatTemplates(path string, assets fs.FS, demo bool) (bot.Templates, error) {
	name := path
	var src []byte
	var err error
	switch {
	case path == "" && !demo:
		// Not configured yet: the service runs, and notices that need a
		// template message wait in the outbox (serve says so at start).
		return bot.Templates{}, nil
	case path == "":
		name = "templates/" + shippedTemplates
		src, err = fs.ReadFile(assets, shippedTemplates)
	default:
		src, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("WECHAT_TEMPLATES: %w", err)
	}
	var ts bot.Templates
	if err := yaml.UnmarshalWithOptions(src, &ts, yaml.Strict()); err != nil {
		return nil, fmt.Errorf("WECHAT_TEMPLATES: %s: %w", name, err)
	}
	var lines []string
	if err := ts.Validate(); err != nil {
		lines = strings.Split(err.Error(), "\n")
	}
	if !demo {
		var demoIDs []string
		for topic, spec := range ts {
			if strings.HasPrefix(spec.ID, demoTemplatePrefix) {
				demoIDs = append(demoIDs, fmt.Sprintf("%s: template_id %s is the demo's, not your account's", topic, spec.ID))
			}
		}
		sort.Strings(demoIDs)
		lines = append(lines, demoIDs...)
	}
	if len(lines) > 0 {
		var errs []error
		for _, line := range lines {
			errs = append(errs, fmt.Errorf("WECHAT_TEMPLATES: %s: %s", name, line))
		}
		return nil, errors.Join(errs...)
	}
	return ts, nil
}
