import QtQuick

// The split over time: one column per second (the newest at the right), each divided among the
// rule's backends in proportion to the requests each received in that second; the configured
// split is the dashed line. Empty seconds stay blank. A rehearsal's checks are marked at the
// second they were made, in their verdict's colour.
Canvas {
    id: root

    property var history: []        // one list per backend of requests per second, oldest first
    property var configured: []     // configured percentages, one per backend
    property var colors: []
    property var marks: []          // {age: seconds ago, verdict: passed | failed | not judged}

    onHistoryChanged: requestPaint()
    onMarksChanged: requestPaint()
    onWidthChanged: requestPaint()

    onPaint: {
        const ctx = getContext("2d")
        ctx.reset()
        ctx.fillStyle = Theme.panelAlt
        ctx.fillRect(0, 0, width, height)
        if (history.length === 0)
            return
        const seconds = history[0].length
        const column = Math.max(1, width / 300)
        for (let s = 0; s < seconds; ++s) {
            let total = 0
            for (let b = 0; b < history.length; ++b)
                total += history[b][s] || 0
            if (total === 0)
                continue
            let y = 0
            const x = width - (seconds - s) * column
            for (let b = 0; b < history.length; ++b) {
                const h = (history[b][s] || 0) / total * height
                ctx.fillStyle = colors[b % colors.length]
                ctx.fillRect(x, y, column, h)
                y += h
            }
        }
        // The configured boundary between the stable backends and the canary (the last one).
        let stable = 0
        for (let b = 0; b + 1 < configured.length; ++b)
            stable += configured[b]
        ctx.strokeStyle = Theme.text
        ctx.setLineDash([3, 3])
        ctx.beginPath()
        ctx.moveTo(0, stable / 100 * height)
        ctx.lineTo(width, stable / 100 * height)
        ctx.stroke()
        ctx.setLineDash([])
        for (let m = 0; m < marks.length; ++m) {
            const x = width - marks[m].age * column
            if (x < 0)
                continue
            ctx.strokeStyle = marks[m].verdict === "passed" ? Theme.ok : marks[m].verdict === "failed" ? Theme.error : Theme.textMuted
            ctx.lineWidth = 2
            ctx.beginPath()
            ctx.moveTo(x, 0)
            ctx.lineTo(x, height)
            ctx.stroke()
        }
    }
}
