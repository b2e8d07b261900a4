package discovery

// wellKnownTypes are browsed from the first packet on, together with the
// meta-query, so that their replies do not wait for the type list.
var wellKnownTypes = []string{
	// printers and scanners
	"_ipp._tcp", "_ipps._tcp", "_printer._tcp", "_pdl-datastream._tcp", "_scanner._tcp", "_uscan._tcp", "_uscans._tcp", "_fax-ipp._tcp",
	// Apple and media
	"_airplay._tcp", "_raop._tcp", "_googlecast._tcp", "_spotify-connect._tcp", "_daap._tcp", "_dacp._tcp", "_sonos._tcp", "_amzn-wplay._tcp",
	"_device-info._tcp", "_companion-link._tcp", "_sleep-proxy._udp", "_apple-mobdev2._tcp", "_touch-able._tcp", "_mediaremotetv._tcp",
	// file sharing
	"_smb._tcp", "_afpovertcp._tcp", "_nfs._tcp", "_adisk._tcp", "_webdav._tcp", "_ftp._tcp",
	// remote access and computers
	"_ssh._tcp", "_sftp-ssh._tcp", "_workstation._tcp", "_rfb._tcp", "_rdp._tcp", "_http._tcp", "_https._tcp",
	// smart home, cameras, network gear
	"_hap._tcp", "_hap._udp", "_homekit._tcp", "_matter._tcp", "_matterc._udp", "_hue._tcp", "_esphomelib._tcp",
	"_axis-video._tcp", "_rtsp._tcp", "_airport._tcp", "_ubnt-disc._udp",
	// Steward's own agent
	"_steward._tcp",
}
