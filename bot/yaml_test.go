package bot

import "github.com/goccy/go-yaml"

func yamlUnmarshal(src []byte, v any) error { return yaml.UnmarshalWithOptions(src, v, yaml.Strict()) }
