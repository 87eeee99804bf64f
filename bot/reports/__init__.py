"""Report outputs: text, CSV, XLSX and PNG charts of the yearly figures, and case exports."""
