# Large deployments (issue 12).

# The inbox total when there are more open cases than were counted: "1000+".
inbox-total_capped = { $count }+
