import QtQuick
import QtQuick.Layouts
import GatewayStudio.Editor

// The TLS listeners of the selected Gateway: Terminate (with each certificate's subject, SANs,
// issuer, validity and which hostname it covers) or Passthrough (the backend holds the
// certificate), and warnings for uncovered hostnames, expired or soon-expiring certificates.
ColumnLayout {
    id: root

    required property LiveGateway live
    required property Document document

    // Refreshed when the selection, the document or what is served changes.
    readonly property var listeners: document.selection.kind === "Gateway" && (document.yamlText, live.listeners, true)
                                     ? live.certificates(document.selection.current) : []

    objectName: "certificateList"
    visible: listeners.length > 0
    spacing: 2

    Text {
        Layout.leftMargin: 10
        text: qsTr("TLS")
        font.bold: true
        color: Theme.textMuted
        font.pixelSize: Theme.smallFontSize
    }
    Repeater {
        model: root.listeners
        delegate: ColumnLayout {
            id: entry
            required property var modelData
            Layout.fillWidth: true
            Layout.leftMargin: 10
            spacing: 1
 
            Text {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: entry.modelData.listener + " · " + (entry.modelData.mode === "Passthrough"
                      ? qsTr("Passthrough: the client's TLS goes through to the backend, which holds the certificate")
                      : qsTr("Terminate: TLS ends at the gateway; the backend gets plain traffic"))
                color: Theme.tlsColor(entry.modelData.mode)
                font.pixelSize: Theme.smallFontSize + 1
                font.bold: true
            }
            Repeater {
                model: entry.modelData.certificates
                delegate: Text {
                    required property var modelData
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    font.pixelSize: Theme.smallFontSize + 1
                    color: modelData.warnings && modelData.warnings.length > 0 ? Theme.error : Theme.text
                    text: modelData.subject === undefined
                          ? modelData.secret + ": " + modelData.warnings.join("; ")
                          : qsTr("%1: %2, SANs %3, issued by %4, valid %5 → %6 (%7 days left)%8")
                            .arg(modelData.secret).arg(modelData.subject).arg(modelData.sans.join(", "))
                            .arg(modelData.selfSigned ? qsTr("itself") : modelData.issuer)
                            .arg(modelData.notBefore.slice(0, 10)).arg(modelData.notAfter.slice(0, 10)).arg(modelData.daysLeft)
                            .arg(modelData.warnings.length > 0 ? "\n⚠ " + modelData.warnings.join("; ") : "")
                }
            }
        }
    }
}
