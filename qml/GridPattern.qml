import QtQuick

// A faint grid behind the graph that pans and zooms with it.
Canvas {
    id: root

    property real spacing: 24
    property real offsetX: 0
    property real offsetY: 0

    onSpacingChanged: requestPaint()
    onOffsetXChanged: requestPaint()
    onOffsetYChanged: requestPaint()
    Connections {
        target: Theme
        function onDarkChanged() { root.requestPaint() }
    }

    onPaint: {
        const ctx = getContext("2d")
        ctx.reset()
        if (spacing < 6)
            return
        ctx.strokeStyle = Theme.grid
        ctx.lineWidth = 1
        ctx.beginPath()
        for (let x = ((offsetX % spacing) + spacing) % spacing; x < width; x += spacing) {
            ctx.moveTo(Math.round(x) + 0.5, 0)
            ctx.lineTo(Math.round(x) + 0.5, height)
        }
        for (let y = ((offsetY % spacing) + spacing) % spacing; y < height; y += spacing) {
            ctx.moveTo(0, Math.round(y) + 0.5)
            ctx.lineTo(width, Math.round(y) + 0.5)
        }
        ctx.stroke()
    }
}
