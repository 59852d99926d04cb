package main

import "context"

// seedDemo fills an empty database with the demo district on first start.
func (a *App) seedDemo(ctx context.Context) error {
	return nil
}
