import QtQuick

// A faint grid behind the graph that pans and zooms with it. The lines are painted once per
// spacing, size or theme, on a canvas one cell larger than the view; panning only moves that
// canvas by the offset modulo the spacing, so a pan frame repaints nothing here (a repaint per
// frame was a full-window image upload with the software renderer). The parent clips.
Item {
    id: root

    property real spacing: 24
    property real offsetX: 0
    property real offsetY: 0

    function phase(offset) { return Math.round(((offset % spacing) + spacing) % spacing - spacing) }

    Canvas {
        id: lines
        x: root.phase(root.offsetX)
        y: root.phase(root.offsetY)
        width: root.width + Math.ceil(root.spacing)
        height: root.height + Math.ceil(root.spacing)

        onWidthChanged: requestPaint()
        onHeightChanged: requestPaint()
        Connections {
            target: root
            function onSpacingChanged() { lines.requestPaint() }
        }
        Connections {
            target: Theme
            function onDarkChanged() { lines.requestPaint() }
        }

        onPaint: {
            const ctx = getContext("2d")
            ctx.reset()
            if (root.spacing < 6)
                return
            ctx.strokeStyle = Theme.grid
            ctx.lineWidth = 1
            ctx.beginPath()
            for (let x = 0; x < width; x += root.spacing) {
                ctx.moveTo(Math.round(x) + 0.5, 0)
                ctx.lineTo(Math.round(x) + 0.5, height)
            }
            for (let y = 0; y < height; y += root.spacing) {
                ctx.moveTo(0, Math.round(y) + 0.5)
                ctx.lineTo(width, Math.round(y) + 0.5)
            }
            ctx.stroke()
        }
    }
}
