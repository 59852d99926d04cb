package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/goccy/go-yaml"

	"selfcheck/bot"
)

// shippedTemplates is the demo mapping of notices to template messages, used
// when WECHAT_TEMPLATES is unset.
const shippedTemplates = "wechat_templates.yaml"

// loadWeChatTemplates reads the WECHAT_TEMPLATES file (YAML, or JSON, which
// is YAML too), or the shipped demo mapping in assets when path is "", and
// validates it. The error has one line per problem, each naming the file.
func loadWeChatTemplates(path string, assets fs.FS) (bot.Templates, error) {
	name := path
	var src []byte
	var err error
	if path == "" {
		name = "templates/" + shippedTemplates
		src, err = fs.ReadFile(assets, shippedTemplates)
	} else {
		src, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("WECHAT_TEMPLATES: %w", err)
	}
	var ts bot.Templates
	if err := yaml.UnmarshalWithOptions(src, &ts, yaml.Strict()); err != nil {
		return nil, fmt.Errorf("WECHAT_TEMPLATES: %s: %w", name, err)
	}
	if err := ts.Validate(); err != nil {
		var errs []error
		for _, line := range strings.Split(err.Error(), "\n") {
			errs = append(errs, fmt.Errorf("WECHAT_TEMPLATES: %s: %s", name, line))
		}
		return nil, errors.Join(errs...)
	}
	return ts, nil
}
