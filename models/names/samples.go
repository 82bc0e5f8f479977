package names

import (
	"slices"
	"strings"
)

// Origin is a naming tradition met in UK homelessness services, with sample
// names for generating demo and test data. Names keep their accents and
// apostrophes as people write them; within each list commoner names come
// first. Share is a rough share of people in a large English city's services,
// for weighting a demo population; the shares sum to 1.
type Origin struct {
	Name                          string
	Share                         float64
	Female, Male, Neutral, Family []string
}

// SampleOrigins returns the sample name lists by origin. The result is a fresh
// copy each call.
func SampleOrigins() []Origin {
	out := make([]Origin, len(origins))
	for i, o := range origins {
		out[i] = Origin{Name: o.Name, Share: o.Share,
			Female: slices.Clone(o.Female), Male: slices.Clone(o.Male),
			Neutral: slices.Clone(o.Neutral), Family: slices.Clone(o.Family)}
	}
	return out
}

// SampleGiven returns the sample given names for gender "female", "male" or
// "neutral", across all origins, without repeats; any other gender returns
// all of them.
func SampleGiven(gender string) []string {
	var out []string
	for _, o := range origins {
		switch gender {
		case "female":
			out = append(out, o.Female...)
		case "male":
			out = append(out, o.Male...)
		case "neutral":
			out = append(out, o.Neutral...)
		default:
			out = append(out, o.Female...)
			out = append(out, o.Male...)
			out = append(out, o.Neutral...)
		}
	}
	return unique(out)
}

// SampleFamily returns the sample family names across all origins, without
// repeats.
func SampleFamily() []string {
	var out []string
	for _, o := range origins {
		out = append(out, o.Family...)
	}
	return unique(out)
}

func unique(names []string) []string {
	seen := make(map[string]bool, len(names))
	out := names[:0]
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

var fields = strings.Fields

var origins = []Origin{
	{Name: "English and Welsh", Share: 0.42,
		Female: fields(`Sarah Emma Laura Rebecca Charlotte Hannah Amy Jessica Lauren Sophie Gemma
			Kelly Claire Lisa Michelle Nicola Donna Tracey Julie Karen Susan Joanne Katie
			Chloe Leanne Stacey Danielle Kirsty Natalie Samantha Zoë Jade Chelsea Megan
			Shannon Kayleigh Amber Abigail Elizabeth Margaret Rhiannon Sian Bethan`),
		Male: fields(`James Jack Daniel David Michael Paul Mark Andrew Richard Robert Thomas
			Stephen Christopher Matthew Oliver Harry George William Joshua Jamie Lee Craig
			Dean Gary Wayne Darren Scott Kevin Anthony Peter Ryan Luke Adam Liam Nathan
			Jordan Callum Kieran Connor Shane Ben Sam Alan Ian Colin Keith Barry Terry
			Stuart Neil Dylan Rhys Gareth`),
		Neutral: fields(`Alex Sam Jo Chris Charlie Jamie Jordan Taylor Morgan Casey Robin Ashley
			Jesse Frankie Billie Riley Rowan Quinn Kit Ash`),
		Family: fields(`Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson
			Roberts Robinson Thompson Wright Walker White Edwards Hughes Green Hall Lewis
			Harris Clarke Jackson Wood Turner Martin Cooper Hill Ward Morris Moore Clark
			Lee King Baker Harrison Morgan Allen James Scott Phillips Watson Davis Parker
			Price Bennett Young Griffiths Mitchell Kelly Cook Carter Richardson Bailey
			Collins Bell Shaw Miller Cox Richards Marshall Anderson Simpson Ellis Adams
			Wilkinson Foster Chapman Powell Webb Rogers Gray Mason Hunt Matthews Owen
			Palmer Holmes Mills Barnes Knight Lloyd Butler Russell Barker Fisher Stevens
			Jenkins Dixon Harvey Pugh Llewellyn`)},
	{Name: "Irish and Traveller", Share: 0.05,
		Female: fields(`Siobhán Niamh Aoife Róisín Sinéad Ciara Gráinne Orla Máire Bridget
			Saoirse Clodagh Deirdre Aisling Caoimhe Mary Margaret Kathleen`),
		Male: fields(`Seán Patrick Michael Declan Ciarán Conor Pádraig Eoin Niall Darragh Cian
			Colm Dermot Brendan Gerard John Martin Paddy`),
		Family: fields(`Murphy Kelly O'Sullivan Walsh O'Brien Byrne Ryan O'Connor O'Neill
			O'Reilly Doyle McCarthy Gallagher O'Doherty Kennedy Lynch Quinn McLaughlin
			Fitzgerald Brennan Donnelly Flanagan McDonagh Joyce McGinley Dempsey
			Maguire Connors Delaney`)},
	{Name: "Scottish", Share: 0.04,
		Female: fields(`Mhairi Eilidh Kirsty Morag Isla Fiona Catriona Ailsa Shona Iona Rhona
			Lorna Elspeth Moira Kirsteen`),
		Male: fields(`Hamish Callum Fraser Angus Euan Ross Iain Alasdair Craig Graeme Murdo
			Lachlan Ruaridh Duncan Finlay`),
		Family: fields(`MacDonald Campbell Stewart Robertson Thomson Anderson MacLeod Mackenzie
			Reid Ross Paterson Fraser Murray Kerr McGregor Cameron Sinclair Johnston
			Hamilton Grant Ferguson Buchanan McIntosh MacKay Kennedy`)},
	{Name: "Polish", Share: 0.08,
		Female: fields(`Katarzyna Małgorzata Agnieszka Magdalena Joanna Aleksandra Dorota Ewa
			Anna Barbara Elżbieta Monika Justyna Beata Żaneta`),
		Male: fields(`Łukasz Krzysztof Wojciech Grzegorz Tomasz Piotr Paweł Marcin Jakub Kamil
			Mateusz Bartosz Przemysław Zbigniew Stanisław Michał Dariusz Andrzej Rafał
			Sebastian`),
		Family: fields(`Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski
			Zieliński Szymański Woźniak Dąbrowski Kozłowski Jankowski Mazur Kwiatkowski
			Krawczyk Piotrowski Grabowski Nowakowski Pawłowski Michalski Wróbel Wieczorek
			Jabłoński Król`)},
	{Name: "Romanian", Share: 0.07,
		Female: fields(`Maria Elena Ioana Andreea Mihaela Cristina Gabriela Alina Florentina
			Nicoleta Ramona Daniela Roxana Simona Loredana`),
		Male: fields(`Ion Gheorghe Vasile Constantin Mihai Nicolae Ștefan Andrei Florin Marius
			Adrian Cristian Ionuț Alexandru Bogdan Cătălin Gabriel Daniel Sorin Dumitru`),
		Family: fields(`Popescu Ionescu Popa Pop Radu Dumitru Stoica Stan Gheorghe Matei Ciobanu
			Rusu Munteanu Constantin Lazăr Marin Moldovan Năstase Dinu Șerban Tudor Florea
			Mihai Ene Bălan`)},
	{Name: "Lithuanian", Share: 0.03,
		Female: fields(`Rūta Jurgita Ieva Kristina Eglė Laura Agnė Aistė Giedrė Vilma Indrė Inga
			Rasa Greta Gintarė`),
		Male: fields(`Jonas Tomas Mantas Darius Vytautas Andrius Paulius Mindaugas Giedrius
			Aurimas Tadas Justinas Kęstutis Žydrūnas Rolandas`),
		Family: fields(`Kazlauskas Jankauskas Petrauskas Stankevičius Vasiliauskas Žukauskas
			Butkus Paulauskas Urbonas Kavaliauskas Baranauskas Pocius Navickas Rimkus
			Sakalauskas`)},
	{Name: "Somali", Share: 0.05,
		Female: fields(`Fadumo Amina Hodan Ubah Ifrah Sahra Hawa Halimo Khadija Maryan Asha
			Nimco Idil Ayan Sagal`),
		Male: fields(`Mohamed Abdi Ahmed Abdullahi Abdirahman Hassan Ali Omar Yusuf Ibrahim
			Ismail Mustafa Abdikadir Guled Liban Hamza Sharmarke Bashir Khalid Osman`),
		Family: fields(`Ali Hassan Mohamed Abdi Ahmed Farah Omar Warsame Jama Hussein Nur Osman
			Yusuf Ibrahim Adan Egal Samatar Elmi Abdullahi Dahir Mohamud Hersi Gedi Duale
			Roble Musse Isse Guled Awale`)},
	{Name: "Eritrean and Ethiopian", Share: 0.05,
		Female: fields(`Helen Selam Senait Yordanos Feven Saba Semhar Winta Luwam Hiwet Rahel
			Eden Mebrat Tsega Almaz Meron Ruth Bethlehem Hanna Lidia`),
		Male: fields(`Yonas Dawit Samuel Robel Biniam Filmon Henok Yohannes Mussie Merhawi
			Tesfalem Amanuel Daniel Mikael Semere Kibrom Aron Natnael Habtom Yemane`),
		Family: fields(`Tesfay Gebremedhin Haile Tekle Berhane Kidane Mehari Ghebreyesus
			Tesfamariam Weldemichael Habte Yohannes Asmerom Ghirmay Tewelde Andemariam
			Woldu Negash Abraha Fisseha`)},
	{Name: "Sudanese", Share: 0.04,
		Female: fields(`Fatima Amna Sara Hiba Tasneem Rania Samah Nada Reem Maha Safa Marwa Huda
			Alawia Nafisa`),
		Male: fields(`Mohamed Ahmed Osman Abdelrahman Hamza Elfatih Musa Adam Ibrahim Yasir Omer
			Khalid Mustafa Abubakar Hussein Salah Tarig Mujtaba Ayman Elsadig`),
		Family: fields(`Adam Osman Abdalla Elhassan Musa Ahmed Mohamed Ibrahim Yousif Elamin
			Babiker Hamid Suliman Ismail Abdelgadir Bashir Eltayeb Hassan Khalil Idris`)},
	{Name: "Afghan", Share: 0.03,
		Female: fields(`Farzana Zarghona Mariam Nasrin Parwana Shabnam Fereshta Malalai Zahra
			Laila Roya Sadia Nargis Mursal Fatima`),
		Male: fields(`Ahmad Mohammad Abdul Zabihullah Najibullah Hamid Farid Rahmatullah Mirwais
			Sayed Ali Hussain Javed Khalid Noor Rahim Wahid Jawad Shafiq Ehsan`),
		Family: fields(`Ahmadzai Popal Stanekzai Hakimi Rahimi Karimi Noori Safi Sultani Wardak
			Amiri Azizi Haidari Hashimi Jalali Mohammadi Nazari Qaderi Rahmani Sharifi`)},
	{Name: "Kurdish", Share: 0.03,
		Female: fields(`Shilan Rojin Berivan Nazdar Dilan Hero Avin Zhila Tara Sozan Kani Bahar
			Shirin Lana Zhiyan`),
		Male: fields(`Karwan Rebin Hiwa Shvan Diyar Aras Dilshad Azad Sherzad Kawa Hemin Rekan
			Bakhtiyar Sirwan Soran Zana Hawre Dler Ako Rawand`),
		Family: fields(`Ahmed Rasul Hamad Mahmud Qadir Karim Aziz Salih Mustafa Amin Barzani
			Talabani Hussein Osman Abdullah Kurdi Baban Jaff Zebari Hawrami`)},
	{Name: "Pakistani", Share: 0.03,
		Female: fields(`Ayesha Shazia Nasreen Parveen Rukhsana Saima Nusrat Sana Hina Amina Farah
			Samina Rabia Sobia Uzma`),
		Male: fields(`Muhammad Imran Asif Tariq Zahid Shahid Nadeem Naveed Waqas Bilal Usman
			Faisal Adnan Kashif Amir Irfan Rizwan Hamza Zeeshan Junaid`),
		Family: fields(`Khan Hussain Ahmed Ali Iqbal Akhtar Bibi Butt Malik Mahmood Shah Qureshi
			Chaudhry Rehman Raza Anwar Aslam Bashir Riaz Javed`)},
	{Name: "Nigerian", Share: 0.04,
		Female: fields(`Oluwakemi Folasade Olufunmilayo Chiamaka Temitope Ngozi Chioma Adaeze
			Funmilayo Blessing Precious Yetunde Bukola Nneka Ifeoma`),
		Male: fields(`Oluwaseun Oluwafemi Adebayo Chukwuemeka Babatunde Chinedu Olumide
			Oluwatobi Emeka Ifeanyi Obinna Tunde Segun Kayode Uche Chidi Ikenna Femi`),
		Family: fields(`Adeyemi Okafor Okonkwo Adebayo Ogunleye Balogun Eze Nwosu Obi Oladipo
			Okeke Afolabi Olawale Ibrahim Bello Chukwu Adeleke Onyeka Akinola Uche`)},
	{Name: "Caribbean", Share: 0.04,
		Female: fields(`Marcia Jacqueline Sonia Paulette Beverley Charmaine Yvonne Claudette
			Shanice Tanisha Keisha Natasha Simone Dionne Monique`),
		Male: fields(`Winston Delroy Leroy Errol Desmond Clive Marlon Devon Andre Tyrone Junior
			Courtney Carlton Dwayne Lloyd`),
		Family: fields(`Campbell Brown Williams Thompson Clarke Francis Reid Grant Morgan Gordon
			Henry Lewis Bailey Robinson Ellis Forbes McKenzie Gayle Bennett Powell`)},
}
